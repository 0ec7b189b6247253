"""What the referrals context announces to the contexts above it (ADR 0008).

Referrals stands below coding, plans, measures and connections, so it never imports them; a context above that must
act on a referral's events subscribes here in its AppConfig.ready. Receivers run inside the transaction that wrote
the event, and one that raises undoes it: a contact is never stored without the code it earns.
"""

from django.dispatch import Signal

# Sent by services.record_contact once the contact and the episode's new status are written, with `contact`
# (a Contact) and `auditor` (the Auditor of the request). coding raises the SNOMED CT code the contact earns.
contact_recorded = Signal()
