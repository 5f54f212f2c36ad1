using System.Text.RegularExpressions;
using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Runtimes;

/// <summary>
/// A SIGKILLed `platform up` leaves its function processes running (they would finish their
/// in-flight invocation and duplicate it once it is redelivered). The next start on the same data
/// directory ends those process groups before anything runs.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class FunctionProcessCrashTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_restart_after_sigkill_ends_the_previous_platforms_function_process_groups()
    {
        var dir = Directory.CreateTempSubdirectory("platform-leftovers-");
        var code = Directory.CreateDirectory(Path.Combine(dir.FullName, "fn")).FullName;
        await File.WriteAllTextAsync(Path.Combine(code, "app.py"), """
            import os, subprocess, time
            def handler(event, context):
                # A child in the same process group, as a bootstrap's helpers are.
                child = subprocess.Popen(["sleep", "300"])
                print(f"running pid={os.getpid()} child={child.pid} platform={os.getppid()}", flush=True)
                time.sleep(300)
            """);
        var config = Path.Combine(dir.FullName, "platform.yaml");
        await File.WriteAllTextAsync(config, """
            functions:
              long:
                runtime: python3.12
                handler: app.handler
                code: ./fn
                timeout: 600s
            """);
        var data = Path.Combine(dir.FullName, "data");
        var platform = await PlatformProcess.StartAsync(config, data);
        PlatformProcess? restarted = null;
        try
        {
            var aws = new AwsCli(platform.Endpoint);
            var invoking = aws.RunAsync("lambda", "invoke", "--function-name", "long", "--cli-read-timeout", "0",
                Path.Combine(dir.FullName, "out.json"));
            var line = await platform.WaitForLineAsync(l => l.Contains("running pid=", StringComparison.Ordinal), Timeout);
            var match = Running().Match(line);
            var pids = new[] { int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value) };
            Leftovers.AddRange(pids);

            // SIGKILL to the platform alone (not its process tree), as a crash or the OOM killer does.
            using (var host = System.Diagnostics.Process.GetProcessById(int.Parse(match.Groups[3].Value)))
            {
                Assert.Contains("platform", host.ProcessName + string.Join(' ', File.ReadAllText($"/proc/{host.Id}/cmdline").Split('\0')));
                host.Kill();
                await host.WaitForExitAsync();
            }

            Assert.All(pids, pid => Assert.True(Alive(pid), $"process {pid} should have outlived the SIGKILLed platform"));
            _ = invoking.ContinueWith(static t => t.Exception, TaskScheduler.Default);

            restarted = await PlatformProcess.StartAsync(config, data);

            Assert.All(pids, pid => Assert.False(Alive(pid), $"process {pid} of the crashed platform is still running\n{restarted.Output}"));
            Assert.Contains("Ended 1 function process group(s) left running", restarted.Output);
        }
        catch
        {
            foreach (var pid in Leftovers)
                kill(pid, 9);
            throw;
        }
        finally
        {
            await platform.DisposeAsync();
            if (restarted is not null)
                await restarted.DisposeAsync();
            dir.Delete(recursive: true);
        }
    }

    private List<int> Leftovers { get; } = [];

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int kill(int pid, int sig);

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"running pid=(\d+) child=(\d+) platform=(\d+)")]
    private static partial Regex Running();
}
