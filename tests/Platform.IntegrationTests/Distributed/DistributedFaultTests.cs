using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Distributed;

/// <summary>
/// At-least-once across processes: a worker killed mid-invocation, a broker restarted under load,
/// and `up` killed — every acknowledged upload is still processed, by someone, once everything is back.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class DistributedFaultTests(RabbitMqServer broker)
{
    [Fact]
    public async Task A_worker_killed_mid_invocation_has_its_work_finished_by_another_and_sigterm_drains()
    {
        // Slow enough that the kill lands while the invocation runs.
        await using var stack = await DistributedStack.StartAsync(broker, "kill-worker", workers: 2, delayMs: 6000, concurrency: 2, timeoutSeconds: 20);
        var (victim, survivor) = (stack.Workers[0], stack.Workers[1]);

        var keys = await stack.UploadAsync("kill", 4);
        var started = await victim.WaitForLineAsync(l => l.Contains("marker started kill/", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var interrupted = started[(started.IndexOf("marker started ", StringComparison.Ordinal) + "marker started ".Length)..].Trim();
        await victim.KillAsync();

        await stack.WaitForMarkersAsync(keys, TimeSpan.FromSeconds(120));
        // The broker handed the unacknowledged invocation to the surviving worker.
        Assert.Equal([survivor.ProcessId], stack.FinishedBy(interrupted));
        var succeeded = await stack.Admin.WaitForInvocationsAsync("marker", 4, TimeSpan.FromSeconds(30), outcome: "Succeeded");
        Assert.Contains(succeeded, i => i.GetProperty("worker").GetString() == survivor.WorkerId);

        // SIGTERM while an invocation runs: the worker finishes it before it exits.
        var last = (await stack.UploadAsync("drain", 1)).Single();
        await survivor.WaitForLineAsync(l => l.Contains("marker started " + last, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Equal(0, await survivor.StopAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal([survivor.ProcessId], stack.FinishedBy(last));
        await stack.Admin.WaitForInvocationsAsync("marker", succeeded.Length + 1, TimeSpan.FromSeconds(30), outcome: "Succeeded");
        var workers = await stack.Admin.GetAsync("/_platform/workers");
        Assert.Contains(workers.GetProperty("workers").EnumerateArray(),
            w => w.GetProperty("id").GetString() == survivor.WorkerId && w.GetProperty("state").GetString() == "stopping");
    }

    [Fact]
    public async Task Nothing_is_lost_when_the_broker_restarts_under_load()
    {
        await using var stack = await DistributedStack.StartAsync(broker, "broker-restart", workers: 2, delayMs: 200, timeoutSeconds: 5);
        try
        {
            var before = await stack.UploadAsync("before", 20);
            await stack.Admin.WaitForInvocationsAsync("marker", 2, TimeSpan.FromSeconds(60));
            await broker.StopAsync();

            // The S3 API does not need the broker: uploads are accepted, their events wait.
            var during = await stack.UploadAsync("during", 10);
            // …and health says dispatch is down (503) rather than pretending.
            using (var http = new HttpClient { BaseAddress = stack.Platform.Endpoint })
            {
                using var response = await http.GetAsync("/_platform/health");
                Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
                using var health = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.NotEqual("up", health.RootElement.GetProperty("services").GetProperty("dispatch").GetString());
            }

            await broker.StartAsync();
            await stack.WaitForMarkersAsync([.. before, .. during], TimeSpan.FromSeconds(180));
        }
        finally
        {
            // The next test needs the broker whatever happened here.
            await EnsureRunningAsync(broker);
        }
    }

    [Fact]
    public async Task Killing_up_mid_load_loses_nothing_after_it_restarts()
    {
        await using var stack = await DistributedStack.StartAsync(broker, "kill-up", workers: 2, delayMs: 300);
        var keys = await stack.UploadAsync("kill-up", 20);
        await stack.Admin.WaitForInvocationsAsync("marker", 2, TimeSpan.FromSeconds(60));

        await stack.RestartPlatformAfterKillAsync();
        // The workers never noticed: they kept their broker connection; the new `up` resends what
        // the old one had not settled, and the results of the old requests go nowhere.
        await stack.WaitForMarkersAsync(keys, TimeSpan.FromSeconds(120));
    }

    private static async Task EnsureRunningAsync(RabbitMqServer broker)
    {
        try
        {
            await broker.CtlAsync("status");
        }
        catch (InvalidOperationException)
        {
            await broker.StartAsync();
        }
    }
}
