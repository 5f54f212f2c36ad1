using System.Text.Json;

namespace Platform.IntegrationTests.Support;

/// <summary>Collects the payloads a code-registered function receives; tests wait for the events
/// they expect (signalled on every arrival), never on a timer.</summary>
public sealed class EventCollector
{
    private readonly List<JsonElement> _events = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<JsonElement> Snapshot()
    {
        lock (_events) return [.. _events];
    }

    public void Add(string payload)
    {
        TaskCompletionSource arrived;
        lock (_events)
        {
            _events.Add(JsonDocument.Parse(payload).RootElement.Clone());
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    /// <summary>Waits until <paramref name="count"/> events match, then returns them in arrival order.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(Predicate<JsonElement> match, int count = 1, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task next;
            lock (_events)
            {
                var matching = _events.FindAll(match);
                if (matching.Count >= count)
                    return matching;
                next = _arrived.Task;
            }

            try
            {
                await next.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"expected {count} matching events; got: {JsonSerializer.Serialize(Snapshot())}");
            }
        }
    }

    /// <summary>The first S3 record of each event whose object key (as encoded in the event) is <paramref name="encodedKey"/>.</summary>
    public static Predicate<JsonElement> S3Key(string encodedKey) =>
        e => e.TryGetProperty("Records", out var records) && records.GetArrayLength() > 0 &&
             records[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString() == encodedKey;
}
