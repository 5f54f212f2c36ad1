using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Events.Engine;

/// <summary>The outbox, read and settled by the delivery worker (<see cref="IEventOutbox"/>).</summary>
public sealed partial class EventEngine
{
    public IReadOnlyList<OutboxEntry> ReadDue(DateTimeOffset now, int limit) => _database.Read(connection =>
    {
        using var command = connection.Command("""
            SELECT id, target, payload, event_id, source_arn, created_ms, attempts FROM event_outbox
            WHERE due_ms <= $now ORDER BY due_ms, id LIMIT $limit
            """, ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var entries = new List<OutboxEntry>();
        while (reader.Read())
        {
            entries.Add(new OutboxEntry
            {
                Id = reader.GetInt64(0),
                Target = DeliveryTarget.FromJson(reader.GetString(1)),
                Payload = reader.GetString(2),
                EventId = reader.GetString(3),
                SourceArn = reader.GetString(4),
                Created = FromMs(reader.GetInt64(5)),
                Attempts = reader.GetInt32(6),
            });
        }
        return entries;
    });

    public DateTimeOffset? NextDue() => _database.Read(connection =>
    {
        var next = connection.Scalar("""
            SELECT min(t) FROM (
                SELECT min(due_ms) AS t FROM event_outbox
                UNION ALL SELECT min(next_fire_ms) FROM event_rules WHERE next_fire_ms IS NOT NULL AND state <> 'DISABLED'
                UNION ALL SELECT min(due_ms) FROM schedules WHERE due_ms IS NOT NULL)
            """);
        return next is long ms ? FromMs(ms) : (DateTimeOffset?)null;
    });

    public async Task CompleteAsync(long id, CancellationToken cancellationToken) =>
        await _database.WriteAsync(connection => connection.Execute("DELETE FROM event_outbox WHERE id = $id", ("$id", id)), cancellationToken)
            .ConfigureAwait(false);

    public async Task RetryAtAsync(long id, int attempts, DateTimeOffset due, CancellationToken cancellationToken)
    {
        await _database.WriteAsync(connection => connection.Execute("UPDATE event_outbox SET attempts = $a, due_ms = $d WHERE id = $id",
            ("$a", attempts), ("$d", due.ToUnixTimeMilliseconds()), ("$id", id)), cancellationToken).ConfigureAwait(false);
        Changed.Notify();
    }

    /// <summary>How many deliveries wait (for /_platform and tests).</summary>
    public long PendingDeliveries() => _database.Read(connection => (long)connection.Scalar("SELECT count(*) FROM event_outbox")!);
}
