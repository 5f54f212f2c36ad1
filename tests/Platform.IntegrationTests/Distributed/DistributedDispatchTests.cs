using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Distributed;

/// <summary>`platform up --transport rabbitmq://…` with two `platform worker` processes: the triggers
/// stay in `up`, the functions run in the workers, which share the load.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class DistributedDispatchTests(RabbitMqServer broker)
{
    [Fact]
    public async Task Uploads_are_processed_by_two_workers_sharing_the_load_and_up_shows_them()
    {
        await using var stack = await DistributedStack.StartAsync(broker, "spread", workers: 2, delayMs: 100);
        var workerIds = stack.Workers.Select(w => w.WorkerId).ToHashSet();

        var keys = await stack.UploadAsync("spread", 40);
        await stack.WaitForMarkersAsync(keys, TimeSpan.FromSeconds(120));

        var invocations = await stack.Admin.WaitForInvocationsAsync("marker", 40, TimeSpan.FromSeconds(30), outcome: "Succeeded");
        Assert.Equal(40, invocations.Select(i => i.GetProperty("requestId").GetString()).Distinct().Count());
        var perWorker = invocations.GroupBy(i => i.GetProperty("worker").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        // Competing consumers: both workers ran some, nobody else (up runs no function itself) ran any.
        Assert.Equal(workerIds, perWorker.Keys.ToHashSet());
        Assert.All(perWorker.Values, count => Assert.True(count > 0));
        var workerPids = stack.Workers.Select(w => w.ProcessId).ToHashSet();
        Assert.All(keys, key => Assert.Subset(workerPids, stack.FinishedBy(key).ToHashSet()));

        var health = await stack.Admin.GetAsync("/_platform/health");
        Assert.Equal("ready", health.GetProperty("status").GetString());
        Assert.Equal("up", health.GetProperty("services").GetProperty("dispatch").GetString());
        Assert.StartsWith("rabbitmq://guest:***@127.0.0.1:", health.GetProperty("transport").GetString());

        var workers = await stack.Admin.GetAsync("/_platform/workers");
        Assert.False(workers.GetProperty("runsFunctionsHere").GetBoolean());
        var listed = workers.GetProperty("workers").EnumerateArray().ToDictionary(w => w.GetProperty("id").GetString()!);
        Assert.Equal(workerIds, listed.Keys.ToHashSet());
        foreach (var worker in listed.Values)
        {
            Assert.Equal("connected", worker.GetProperty("state").GetString());
            Assert.Equal(["marker"], worker.GetProperty("functions").EnumerateArray().Select(f => f.GetString()));
        }
    }

    [Fact]
    public async Task A_worker_needs_a_broker_transport()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [RepositoryPaths.HostDll, "worker", "--config", RepositoryPaths.SampleConfig, "--transport", "in-memory"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--transport rabbitmq://", result.StandardError);

        var bad = await ProcessRunner.RunAsync("dotnet", [RepositoryPaths.HostDll, "up", "--config", RepositoryPaths.SampleConfig, "--transport", "kafka://x"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("is not understood", bad.StandardError);
    }
}
