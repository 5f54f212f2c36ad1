namespace Platform.Emulators.Events.Engine;

/// <summary>EventBridge and Scheduler tables in the platform database. The outbox holds every
/// matched delivery from the commit that accepted its event until the target has it.</summary>
internal static class EventsSchema
{
    public const string Ddl = """
        CREATE TABLE IF NOT EXISTS event_buses (
            name TEXT PRIMARY KEY,
            description TEXT,
            created_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS event_rules (
            bus TEXT NOT NULL,
            name TEXT NOT NULL,
            pattern TEXT,
            schedule TEXT,
            state TEXT NOT NULL,
            description TEXT,
            role_arn TEXT,
            managed_by TEXT,
            next_fire_ms INTEGER,
            created_ms INTEGER NOT NULL,
            PRIMARY KEY (bus, name));
        CREATE TABLE IF NOT EXISTS event_targets (
            bus TEXT NOT NULL,
            rule TEXT NOT NULL,
            id TEXT NOT NULL,
            target TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (bus, rule, id));
        CREATE TABLE IF NOT EXISTS event_tags (
            arn TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (arn, key));
        CREATE TABLE IF NOT EXISTS event_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            target TEXT NOT NULL,
            payload TEXT NOT NULL,
            event_id TEXT NOT NULL,
            source_arn TEXT NOT NULL,
            origin TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            due_ms INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS event_outbox_due ON event_outbox (due_ms);
        CREATE TABLE IF NOT EXISTS schedule_groups (
            name TEXT PRIMARY KEY,
            created_ms INTEGER NOT NULL,
            modified_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS schedules (
            group_name TEXT NOT NULL,
            name TEXT NOT NULL,
            definition TEXT NOT NULL,
            next_fire_ms INTEGER,
            due_ms INTEGER,
            created_ms INTEGER NOT NULL,
            modified_ms INTEGER NOT NULL,
            PRIMARY KEY (group_name, name));
        """;
}
