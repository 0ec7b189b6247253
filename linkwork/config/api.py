"""The API at /api/v1: bearer-token authentication on every route (deny by default)."""

from linkwork.accounts.api_auth import BearerToken
from linkwork.activities.api import router as activities_router
from linkwork.casework.api import router as casework_router
from linkwork.coding.api import router as coding_router
from linkwork.community.api import router as community_router
from linkwork.community.quality.api import router as quality_router
from linkwork.connections.api import router as connections_router
from linkwork.core.api_audit import router as audit_router
from linkwork.core.api_schema import DocumentedErrorsAPI
from linkwork.core.api_support import install_error_handlers
from linkwork.core.json_input import BoundedJsonParser
from linkwork.interop.api import router as interop_router
from linkwork.measures.api import router as measures_router
from linkwork.organisations.api import router as organisations_router
from linkwork.people.api import router as people_router
from linkwork.plans.api import router as plans_router

api = DocumentedErrorsAPI(
    title="linkwork API",
    version="1",
    description=(
        "Social prescribing records: people, referral episodes, contacts, the GP coding worklist, personalised "
        "care and support plans, wellbeing and outcome measures, the community directory and onward connections, and "
        "practitioners' activity not about one person."
    ),
    auth=BearerToken(),
    urls_namespace="api",
    parser=BoundedJsonParser(),
)
install_error_handlers(api)
api.add_router("", organisations_router)
api.add_router("", people_router)
api.add_router("", casework_router)
api.add_router("", coding_router)
api.add_router("", plans_router)
api.add_router("", measures_router)
api.add_router("", community_router)
api.add_router("", quality_router)
api.add_router("", connections_router)
api.add_router("", activities_router)
api.add_router("", interop_router)
api.add_router("", audit_router)
