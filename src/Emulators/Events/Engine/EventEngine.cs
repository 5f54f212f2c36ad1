using System.Globalization;
using Microsoft.Data.Sqlite;
using Platform.Emulators.State;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Events.Engine;

/// <summary>
/// Durable EventBridge in the platform database: event buses, rules (pattern or schedule), their
/// targets, tags, EventBridge Scheduler's schedules and groups, and the outbox of deliveries. A
/// PutEvents commits every delivery its rules match in the same transaction as nothing else: once
/// it answers, the deliveries survive a crash. <see cref="Changed"/> wakes the delivery worker.
/// </summary>
public sealed partial class EventEngine : IEventOutbox, IEventBusPort
{
    public const string DefaultBus = "default";

    private readonly PlatformDatabase _database;
    private readonly TimeProvider _time;
    private readonly IEventPatternMatcher _patterns;

    public EventEngine(PlatformDatabase database, TimeProvider time, IEventPatternMatcher patterns, EventsOptions options)
    {
        (_database, _time, _patterns, Options) = (database, time, patterns, options);
        database.EnsureSchema(EventsSchema.Ddl);
        database.EnsureSchema($"INSERT OR IGNORE INTO event_buses (name, description, created_ms) VALUES ('{DefaultBus}', NULL, {NowMs});");
        database.EnsureSchema($"INSERT OR IGNORE INTO schedule_groups (name, created_ms, modified_ms) VALUES ('{DefaultBus}', {NowMs}, {NowMs});");
    }

    public EventsOptions Options { get; }

    public ChangeSignal Changed { get; } = new();

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private string ArnPrefix(string service) => $"arn:aws:{service}:{Options.Region}:{Options.AccountId}:";

    public string BusArn(string bus) => ArnPrefix("events") + "event-bus/" + bus;

    public string RuleArn(string bus, string rule) => ArnPrefix("events") + (bus == DefaultBus ? $"rule/{rule}" : $"rule/{bus}/{rule}");

    /// <summary>A bus given by name or ARN, as every EventBusName parameter accepts.</summary>
    public string BusName(string? nameOrArn)
    {
        if (string.IsNullOrEmpty(nameOrArn))
            return DefaultBus;
        var prefix = ArnPrefix("events") + "event-bus/";
        return nameOrArn.StartsWith(prefix, StringComparison.Ordinal) ? nameOrArn[prefix.Length..] : nameOrArn;
    }

    private static bool BusExists(SqliteConnection connection, string bus) =>
        connection.Scalar("SELECT 1 FROM event_buses WHERE name = $n", ("$n", bus)) is not null;

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>Paging tokens are the offset into the ordered listing.</summary>
    private static int Offset(string? nextToken)
    {
        if (nextToken is null)
            return 0;
        return int.TryParse(nextToken, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw EventsErrors.Validation("The NextToken provided is invalid.");
    }

    private static string? NextToken(int offset, int taken, int limit, int total) =>
        offset + taken < total && taken == limit ? (offset + taken).ToString(CultureInfo.InvariantCulture) : null;
}
