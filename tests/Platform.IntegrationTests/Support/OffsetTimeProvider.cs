namespace Platform.IntegrationTests.Support;

/// <summary>The system clock plus an offset a test can move forward, so a running platform can be
/// made to see five minutes pass (iterator expiry) without the test waiting for them.</summary>
public sealed class OffsetTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
