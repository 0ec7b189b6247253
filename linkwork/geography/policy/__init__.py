"""Pure rules about places: the postcode's format and parts (postcodes), distances between coordinates (distance)
and deprivation deciles from ranks (deprivation). No models, no HTTP (ADR 0003)."""
