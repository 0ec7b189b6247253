"""The directory's full-text index: made by a migration, kept current by the database on every write, asked by
community.search (docs/adr/0030-directory-full-text-search.md).

One row per service in the table `community_service_search`, with what a search reads, in three weights:
  the service's name and its category's label          first (a name or category that says it, says it)
  its description and who it is for (eligibility)      second
  the name of the organisation that runs it            apart: it says who runs a service, not what it offers,
                                                       so it finds an organisation's services, after every
                                                       service whose own text matches, and never adds to the
                                                       rank of a service that matches on its own text
SQLite: an FTS5 table (Porter stemmer), its rows tied to services through `community_service_search_key`, whose
integer keys survive VACUUM (a table's own rowids need not), ranked by bm25 with column weights. PostgreSQL: a table
of weighted `tsvector`s (English dictionary) with a GIN index, ranked by ts_rank with the same weights.

Triggers on the service and organisation tables keep it current whatever writes: the community services, the
Open Referral import (which renames organisations with a bulk update), the synthetic bulk loader (executemany on
SQLite; COPY on PostgreSQL, whose triggers are marked ALWAYS so they still fire while the loader turns foreign key
triggers off), and Django's flush (DELETE on SQLite; TRUNCATE on PostgreSQL has its own trigger). Category labels
come from data/service_categories.yaml and are written into the triggers when they are installed: a changed label
needs a migration that runs `install` again (a test fails until then).
"""

from django.db.models import BooleanField, Expression, FloatField

from linkwork.community.vocabularies import SERVICE_CATEGORIES

TABLE = "community_service_search"
KEY_TABLE = "community_service_search_key"
# Relative weights of the service's own text: name and category, then description and eligibility. The organisation's
# name is ranked apart (TextRank(of="organisation")) and orders only services that match on nothing else.
WEIGHTS = {"name": 10.0, "category": 10.0, "description": 3.0, "eligibility": 3.0, "organisation": 0.0}
ORGANISATION_WEIGHTS = {"name": 0.0, "category": 0.0, "description": 0.0, "eligibility": 0.0, "organisation": 1.0}
# ts_rank takes its weights as {D, C, B, A}: organisation (D), description and eligibility (C), unused (B), A.
TS_WEIGHTS = "{0, 0.3, 0.3, 1.0}"
TS_ORGANISATION_WEIGHTS = "{1.0, 0, 0, 0}"
SUPPORTED_VENDORS = ("sqlite", "postgresql")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def category_label_sql(column: str) -> str:
    """The category's label, from its key, as SQL (the vocabulary as it stands when the index is installed)."""
    whens = " ".join(f"WHEN {_literal(t.key)} THEN {_literal(t.label)}" for t in SERVICE_CATEGORIES)
    return f"(CASE {column} {whens} ELSE '' END)"


def _organisation_name(column: str) -> str:
    return f"coalesce((SELECT o.name FROM organisations_organisation o WHERE o.id = {column}), '')"


def _sqlite_install() -> list[str]:
    label = category_label_sql("NEW.category")
    docid = f"(SELECT docid FROM {KEY_TABLE} WHERE service_id = {{}}.id)"
    return [
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(service_id UNINDEXED, name, category, description, eligibility, "
        "organisation, tokenize = 'porter unicode61 remove_diacritics 2')",
        f"CREATE TABLE {KEY_TABLE} (docid INTEGER PRIMARY KEY, service_id char(32) NOT NULL UNIQUE)",
        f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON community_service BEGIN
            INSERT INTO {KEY_TABLE} (service_id) VALUES (NEW.id);
            INSERT INTO {TABLE} (rowid, service_id, name, category, description, eligibility, organisation)
            VALUES ({docid.format("NEW")}, NEW.id, NEW.name, {label}, NEW.description, NEW.eligibility,
                    {_organisation_name("NEW.organisation_id")});
        END""",
        f"""CREATE TRIGGER {TABLE}_update
        AFTER UPDATE OF name, category, description, eligibility, organisation_id ON community_service BEGIN
            UPDATE {TABLE} SET name = NEW.name, category = {label}, description = NEW.description,
                eligibility = NEW.eligibility, organisation = {_organisation_name("NEW.organisation_id")}
            WHERE rowid = {docid.format("NEW")};
        END""",
        f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON community_service BEGIN
            DELETE FROM {TABLE} WHERE rowid = {docid.format("OLD")};
            DELETE FROM {KEY_TABLE} WHERE service_id = OLD.id;
        END""",
        f"""CREATE TRIGGER {TABLE}_organisation AFTER UPDATE OF name ON organisations_organisation BEGIN
            UPDATE {TABLE} SET organisation = NEW.name WHERE rowid IN (
                SELECT k.docid FROM {KEY_TABLE} k JOIN community_service s ON s.id = k.service_id
                WHERE s.organisation_id = NEW.id);
        END""",
        f"INSERT INTO {KEY_TABLE} (service_id) SELECT id FROM community_service",
        f"""INSERT INTO {TABLE} (rowid, service_id, name, category, description, eligibility, organisation)
        SELECT k.docid, s.id, s.name, {category_label_sql("s.category")}, s.description, s.eligibility,
               {_organisation_name("s.organisation_id")}
        FROM community_service s JOIN {KEY_TABLE} k ON k.service_id = s.id""",
    ]


def _sqlite_uninstall() -> list[str]:
    triggers = [f"DROP TRIGGER IF EXISTS {TABLE}_{t}" for t in ("insert", "update", "delete", "organisation")]
    return [*triggers, f"DROP TABLE IF EXISTS {TABLE}", f"DROP TABLE IF EXISTS {KEY_TABLE}"]


def _postgresql_install() -> list[str]:
    document = f"{TABLE}_document"
    return [
        f"CREATE TABLE {TABLE} (service_id uuid PRIMARY KEY, document tsvector NOT NULL)",
        f"CREATE INDEX {TABLE}_gin ON {TABLE} USING gin (document)",
        f"""CREATE FUNCTION {document}(name text, category text, description text, eligibility text, organisation text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
            SELECT setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')
                || setweight(to_tsvector('english'::regconfig, {category_label_sql("category")}), 'A')
                || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')
                || setweight(to_tsvector('english'::regconfig, coalesce(eligibility, '')), 'C')
                || setweight(to_tsvector('english'::regconfig, coalesce(organisation, '')), 'D')
        $$""",
        f"""CREATE FUNCTION {TABLE}_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM {TABLE} WHERE service_id = OLD.id;
                RETURN OLD;
            END IF;
            INSERT INTO {TABLE} (service_id, document)
            VALUES (NEW.id, {document}(NEW.name, NEW.category, NEW.description, NEW.eligibility,
                                       {_organisation_name("NEW.organisation_id")}))
            ON CONFLICT (service_id) DO UPDATE SET document = EXCLUDED.document;
            RETURN NEW;
        END $$""",
        f"""CREATE TRIGGER {TABLE}_write
        AFTER INSERT OR DELETE OR UPDATE OF name, category, description, eligibility, organisation_id
        ON community_service FOR EACH ROW EXECUTE FUNCTION {TABLE}_write()""",
        f"""CREATE FUNCTION {TABLE}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            TRUNCATE {TABLE};
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON community_service
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_truncate()""",
        f"""CREATE FUNCTION {TABLE}_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {TABLE} t SET document = {document}(s.name, s.category, s.description, s.eligibility, NEW.name)
            FROM community_service s WHERE s.organisation_id = NEW.id AND t.service_id = s.id;
            RETURN NEW;
        END $$""",
        f"""CREATE TRIGGER {TABLE}_organisation AFTER UPDATE OF name ON organisations_organisation
        FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION {TABLE}_organisation()""",
        # Fire even when a bulk load turns ordinary triggers off (session_replication_role = replica).
        f"ALTER TABLE community_service ENABLE ALWAYS TRIGGER {TABLE}_write",
        f"ALTER TABLE community_service ENABLE ALWAYS TRIGGER {TABLE}_truncate",
        f"ALTER TABLE organisations_organisation ENABLE ALWAYS TRIGGER {TABLE}_organisation",
        f"""INSERT INTO {TABLE} (service_id, document)
        SELECT s.id, {document}(s.name, s.category, s.description, s.eligibility, o.name)
        FROM community_service s LEFT JOIN organisations_organisation o ON o.id = s.organisation_id""",
    ]


def _postgresql_uninstall() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {TABLE}_organisation ON organisations_organisation",
        f"DROP TRIGGER IF EXISTS {TABLE}_truncate ON community_service",
        f"DROP TRIGGER IF EXISTS {TABLE}_write ON community_service",
        f"DROP FUNCTION IF EXISTS {TABLE}_organisation()",
        f"DROP FUNCTION IF EXISTS {TABLE}_truncate()",
        f"DROP FUNCTION IF EXISTS {TABLE}_write()",
        f"DROP TABLE IF EXISTS {TABLE}",
        f"DROP FUNCTION IF EXISTS {TABLE}_document(text, text, text, text, text)",
    ]


def _run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def install(schema_editor) -> None:
    """Make the index, its triggers, and its rows for the services already stored (a migration's RunPython)."""
    vendor = schema_editor.connection.vendor
    if vendor not in SUPPORTED_VENDORS:
        raise NotImplementedError(f"the directory's search index is written for SQLite and PostgreSQL, not {vendor}")
    _run(schema_editor, _sqlite_uninstall() if vendor == "sqlite" else _postgresql_uninstall())
    _run(schema_editor, _sqlite_install() if vendor == "sqlite" else _postgresql_install())


def uninstall(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    _run(schema_editor, _sqlite_uninstall() if vendor == "sqlite" else _postgresql_uninstall())


class _OnSearchTable(Expression):
    """SQL over the search table's row joined to the service (the queryset must join it: search_entry__isnull)."""

    def __init__(self, fts5: str, tsquery: str, output_field):
        super().__init__(output_field=output_field)
        self.fts5, self.tsquery = fts5, tsquery

    def _alias(self, compiler, connection) -> str:
        for alias, join in compiler.query.alias_map.items():
            if join.table_name == TABLE:
                return connection.ops.quote_name(alias)
        raise ValueError("join the search table first: filter(search_entry__isnull=False)")

    def as_sql(self, compiler, connection):
        raise NotImplementedError(f"the directory's search index is not written for {connection.vendor}")


class TextMatch(_OnSearchTable):
    """The service answers the text query."""

    def __init__(self, fts5: str, tsquery: str):
        super().__init__(fts5, tsquery, BooleanField())

    def as_sqlite(self, compiler, connection):
        return f"{self._alias(compiler, connection)} MATCH %s", [self.fts5]

    def as_postgresql(self, compiler, connection):
        return f"{self._alias(compiler, connection)}.document @@ to_tsquery('english'::regconfig, %s)", [self.tsquery]


class TextRank(_OnSearchTable):
    """How well the service answers the text query, higher is better on both databases: through its own text
    (`of="service"`: name, category, description, eligibility) or through its organisation's name alone."""

    def __init__(self, fts5: str, tsquery: str, of: str = "service"):
        super().__init__(fts5, tsquery, FloatField())
        self.weights = WEIGHTS if of == "service" else ORGANISATION_WEIGHTS
        self.ts_weights = TS_WEIGHTS if of == "service" else TS_ORGANISATION_WEIGHTS

    def as_sqlite(self, compiler, connection):
        weights = ", ".join(str(w) for w in self.weights.values())
        # bm25 is lower for better matches; the first weight is for the unindexed service id.
        return f"-bm25({self._alias(compiler, connection)}, 0, {weights})", []

    def as_postgresql(self, compiler, connection):
        alias = self._alias(compiler, connection)
        return (
            f"ts_rank('{self.ts_weights}'::float4[], {alias}.document, to_tsquery('english'::regconfig, %s))",
            [self.tsquery],
        )
