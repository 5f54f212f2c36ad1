using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Emulators.Queues.Engine;
using Platform.Emulators.State;
using Platform.Emulators.Storage.Engine;
using Platform.Host.Composition;
using Platform.Host.Configuration;

namespace Platform.Tests.Host;

/// <summary>Reloads against the real emulators (an ephemeral database), without the web host.</summary>
public sealed class ConfigReloaderTests : IAsyncLifetime
{
    private const string File = "/cfg/platform.yaml";
    private const string Initial = "buckets: [one]\nqueues: [q1]\n";

    private readonly LogCollector _logs = new();
    private ServiceProvider _services = null!;

    private ConfigReloader Reloader => _services.GetRequiredService<ConfigReloader>();
    private PlatformConfig Current => _services.GetRequiredService<CurrentPlatformConfig>().Value;

    public async Task InitializeAsync()
    {
        var config = ConfigLoader.Parse(new StringReader(Initial), File);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_logs));
        services.AddPlatformServices(config, DataDirectory.CreateEphemeral(), new Uri("http://127.0.0.1:1"),
            new PlatformSettings { Config = PlatformConfigSource.FromConfig(config) });
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<ConfigProvisioner>().ProvisionAsync(CancellationToken.None);
        Reloader.Remember(Bytes(Initial));
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private static byte[] Bytes(string yaml) => Encoding.UTF8.GetBytes(yaml);

    private Task<ReloadOutcome> ReloadAsync(string yaml) => Reloader.ReloadAsync(Bytes(yaml), CancellationToken.None);

    [Fact]
    public async Task The_same_bytes_written_again_change_nothing()
    {
        Assert.Equal(ReloadOutcome.Unchanged, await ReloadAsync(Initial));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Information);
    }

    [Fact]
    public async Task New_buckets_and_queues_are_created_and_dropped_ones_kept()
    {
        Assert.Equal(ReloadOutcome.Applied, await ReloadAsync("buckets: [two]\nqueues: [q2]\n"));

        var storage = _services.GetRequiredService<StorageEngine>();
        var queues = _services.GetRequiredService<QueueEngine>();
        Assert.NotNull(storage.FindBucket("two"));
        Assert.NotNull(storage.FindBucket("one"));
        Assert.True(queues.QueueExists("q2"));
        Assert.True(queues.QueueExists("q1"));
        Assert.Equal(["two"], Current.Buckets);
        Assert.Contains(_logs.Entries, e => e.Message == $"Reloaded {File}: buckets created: two; queues created: q2");
        Assert.Contains(_logs.Entries, e => e.Message.Contains("no longer declares bucket 'one', queue 'q1'; kept", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_file_is_one_error_with_its_line_and_the_previous_version_keeps_running()
    {
        var previous = Current;

        Assert.Equal(ReloadOutcome.Rejected, await ReloadAsync("buckets: [one]\nqueus: [q1]\n"));
        // Saved again unchanged: not reported twice.
        Assert.Equal(ReloadOutcome.Unchanged, await ReloadAsync("buckets: [one]\nqueus: [q1]\n"));

        var error = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains($"{File}:2: queus is not a known option", error.Message);
        Assert.Same(previous, Current);
    }

    [Fact]
    public async Task A_step_an_emulator_refuses_applies_nothing_and_the_same_file_saved_again_retries()
    {
        var previous = Current;
        const string badBucket = "buckets: [one, three, Not_A_Bucket]\nqueues: [q1]\n";

        Assert.Equal(ReloadOutcome.Rejected, await ReloadAsync(badBucket));
        Assert.Same(previous, Current);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains($"{File}: bucket 'Not_A_Bucket'", StringComparison.Ordinal));
        // Unlike a parse error, a refusal may depend on more than the file: saving it again retries.
        Assert.Equal(ReloadOutcome.Rejected, await ReloadAsync(badBucket));
    }

    [Fact]
    public async Task The_region_cannot_change_while_running()
    {
        Assert.Equal(ReloadOutcome.Rejected, await ReloadAsync("region: eu-west-1\n" + Initial));

        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("region and accountId cannot change", StringComparison.Ordinal));
        Assert.Equal("us-east-1", Current.Region);
    }

    private sealed record LogEntry(LogLevel Level, string Message);

    private sealed class LogCollector : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => [.. _entries.Where(e => !e.Message.StartsWith("MassTransit", StringComparison.Ordinal))];

        public ILogger CreateLogger(string categoryName) => new Collector(categoryName.StartsWith("Platform.Host", StringComparison.Ordinal) ? _entries : null);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<LogEntry>? entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => entries is not null;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries?.Enqueue(new LogEntry(logLevel, formatter(state, exception)));
        }
    }
}
