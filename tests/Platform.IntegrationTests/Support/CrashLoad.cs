using System.Globalization;
using System.Text.Json;

namespace Platform.IntegrationTests.Support;

/// <summary>
/// The load half of a SIGKILL crash test: a boto3 script whose threads repeat one call as fast as the
/// platform acknowledges it, each with its own key, and kill the platform themselves once
/// <c>killAfter</c> calls were acknowledged — so the kill lands mid-commit while the others keep
/// calling. Returns every key the platform acknowledged; the test then restarts and counts.
/// </summary>
public static class CrashLoad
{
    /// <param name="client">Python that makes the client the call uses, e.g. <c>c = boto3.client('dynamodb', …, config=cfg)</c>
    /// (<c>cfg</c>, boto3's Config without retries and with short timeouts, is defined before it).</param>
    /// <param name="call">One acknowledged call with the string <c>key</c> in scope, e.g. <c>c.put_item(…)</c>.</param>
    public static async Task<List<string>> RunAsync(Uri endpoint, int platformPid, string client, string call, int killAfter, int threads)
    {
        var script = $$$"""
            import os, json, signal, threading, boto3
            from botocore.config import Config
            cfg = Config(retries={'max_attempts': 0}, connect_timeout=2, read_timeout=5, max_pool_connections={{{threads * 2}}})
            {{{client}}}
            acked, lock, killed = [], threading.Lock(), threading.Event()
            def worker(w):
                i = 0
                while True:
                    key = 'w%d-%d' % (w, i)
                    try:
                        {{{call}}}
                    except Exception:
                        return
                    with lock:
                        acked.append(key)
                        if len(acked) == {{{killAfter}}} and not killed.is_set():
                            killed.set()
                            os.kill(int(os.environ['PLATFORM_PID']), signal.SIGKILL)
                    i += 1
            threads = [threading.Thread(target=worker, args=(w,)) for w in range({{{threads}}})]
            for t in threads: t.start()
            for t in threads: t.join()
            assert killed.is_set()
            print(json.dumps(acked))
            """;
        var load = await Boto3.RunAsync(endpoint, script,
            new Dictionary<string, string> { ["PLATFORM_PID"] = platformPid.ToString(CultureInfo.InvariantCulture) });
        var acknowledged = JsonSerializer.Deserialize<List<string>>(load.EnsureSuccess().StandardOutput)!;
        Assert.True(acknowledged.Count >= killAfter, $"only {acknowledged.Count} calls were acknowledged before the kill");
        return acknowledged;
    }
}
