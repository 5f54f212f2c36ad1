using Microsoft.Extensions.Logging.Abstractions;
using Platform.Contracts.Dispatch;
using Platform.Emulators.State;
using Platform.Host.Dashboard.History;
using Platform.Tests.Support;
using Platform.Triggers.Dispatch;

namespace Platform.Tests.Host.Dashboard;

/// <summary>The invocation history is in the database: it keeps payloads, responses and logs, survives a
/// restart, and stays within its count and age bounds.</summary>
public sealed class InvocationHistoryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static InvocationLogEntry Entry(int n, DateTimeOffset at, string function = "f", InvocationOutcome outcome = InvocationOutcome.Succeeded) =>
        new($"r{n}", function, "sqs:q", 1, outcome, at, 2.5, outcome == InvocationOutcome.Succeeded ? null : "Boom: no", "vm:1",
            "START\nInit Duration: 3 ms\n", Payload: $$"""{"n":{{n}}}""", Response: """{"ok":true}""", ErrorType: outcome == InvocationOutcome.Succeeded ? null : "Boom");

    private static async Task RecordAsync(InvocationHistory history, InvocationLog log, params InvocationLogEntry[] entries)
    {
        var seen = history.Recorded.Version;
        var target = history.LatestId + entries.Length;
        foreach (var entry in entries)
            log.Add(entry);
        while (history.LatestId < target)
        {
            Assert.True(await history.Recorded.WaitAsync(seen, Patience, TimeProvider.System, CancellationToken.None), "history not written");
            seen = history.Recorded.Version;
        }
    }

    [Fact]
    public async Task Entries_keep_their_event_response_and_logs_and_survive_a_restart()
    {
        var time = new ManualTimeProvider();
        using var directory = DataDirectory.CreateEphemeral();
        var log = new InvocationLog();
        await using (var database = new PlatformDatabase(directory))
        {
            using var history = new InvocationHistory(database, log, new InvocationHistoryOptions(), time, NullLogger<InvocationHistory>.Instance);
            await history.StartAsync(CancellationToken.None);
            await RecordAsync(history, log, Entry(1, time.GetUtcNow()), Entry(2, time.GetUtcNow(), outcome: InvocationOutcome.Failed));
            await history.StopAsync(CancellationToken.None);
        }

        await using var reopened = new PlatformDatabase(DataDirectory.Open(directory.Root));
        using var after = new InvocationHistory(reopened, new InvocationLog(), new InvocationHistoryOptions(), time, NullLogger<InvocationHistory>.Instance);
        var list = after.Query(new InvocationQuery());
        Assert.Equal(["r2", "r1"], list.Select(r => r.Entry.RequestId));
        Assert.Null(list[0].Entry.Payload); // lists leave the bodies out
        var failed = after.Query(new InvocationQuery { Outcome = "failed" });
        Assert.Equal("Boom", Assert.Single(failed).Entry.ErrorType);

        var (invocation, attempts) = after.Find(list[1].Id)!.Value;
        Assert.Equal("""{"n":1}""", invocation.Entry.Payload);
        Assert.Equal("""{"ok":true}""", invocation.Entry.Response);
        Assert.True(invocation.Entry.Cold);
        Assert.Equal(["r1"], attempts.Select(a => a.Entry.RequestId));
    }

    [Fact]
    public async Task The_history_is_bounded_by_count_and_by_age()
    {
        var time = new ManualTimeProvider();
        using var directory = DataDirectory.CreateEphemeral();
        await using var database = new PlatformDatabase(directory);
        var log = new InvocationLog();
        using var history = new InvocationHistory(database, log, new InvocationHistoryOptions { MaxCount = 3, MaxAge = TimeSpan.FromHours(1), TrimEvery = 1 },
            time, NullLogger<InvocationHistory>.Instance);
        await history.StartAsync(CancellationToken.None);

        await RecordAsync(history, log, Enumerable.Range(1, 5).Select(n => Entry(n, time.GetUtcNow())).ToArray());
        Assert.Equal(["r5", "r4", "r3"], history.Query(new InvocationQuery()).Select(r => r.Entry.RequestId));

        time.Advance(TimeSpan.FromHours(2));
        await RecordAsync(history, log, Entry(6, time.GetUtcNow()));
        Assert.Equal(["r6"], history.Query(new InvocationQuery()).Select(r => r.Entry.RequestId));
        await history.StopAsync(CancellationToken.None);
    }
}
