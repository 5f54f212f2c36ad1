using Platform.Contracts.Dispatch;
using Platform.Triggers.Dispatch;

namespace Platform.Tests.Triggers.Dispatch;

public sealed class InvocationLogTests
{
    private static InvocationLogEntry Entry(int n, string function = "f") =>
        new($"r{n}", function, "s3:b", 1, InvocationOutcome.Succeeded, DateTimeOffset.UnixEpoch.AddSeconds(n), 1, null, null);

    [Fact]
    public void Keeps_the_newest_entries_newest_first()
    {
        var log = new InvocationLog(capacity: 3);
        for (var i = 1; i <= 5; i++)
            log.Add(Entry(i));

        Assert.Equal(["r5", "r4", "r3"], log.Query().Select(e => e.RequestId));
    }

    [Fact]
    public void Filters_by_function_and_limits()
    {
        var log = new InvocationLog();
        log.Add(Entry(1, "a"));
        log.Add(Entry(2, "b"));
        log.Add(Entry(3, "a"));
        log.Add(Entry(4, "a"));

        Assert.Equal(["r4", "r3"], log.Query("a", limit: 2).Select(e => e.RequestId));
        Assert.Equal(["r2"], log.Query("b").Select(e => e.RequestId));
    }

    [Fact]
    public async Task The_recording_invoker_logs_every_invocation()
    {
        var log = new InvocationLog();
        var inner = new ScriptedInvocationDispatcher(TimeProvider.System) { Outcome = _ => InvocationOutcome.Failed };
        var invoker = new RecordingInvocationDispatcher(inner, log,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RecordingInvocationDispatcher>.Instance);

        await invoker.InvokeAsync(new InvokeFunction { RequestId = "x", FunctionName = "f", Payload = "{}", Trigger = "s3:b", Attempt = 2 },
            TimeSpan.FromSeconds(1), CancellationToken.None);

        var entry = Assert.Single(log.Query("f"));
        Assert.Equal(("x", "s3:b", 2, InvocationOutcome.Failed), (entry.RequestId, entry.Trigger, entry.Attempt, entry.Outcome));
        Assert.Contains("attempt 2 failed", entry.Error);
    }
}
