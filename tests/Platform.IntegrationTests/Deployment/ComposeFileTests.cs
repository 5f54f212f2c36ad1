using Platform.IntegrationTests.Support;
using YamlDotNet.RepresentationModel;

namespace Platform.IntegrationTests.Deployment;

/// <summary>
/// compose.yaml and the Dockerfile checked without a Docker engine: docker-compose (Debian's) validates
/// the file, and its services are read back to check what a user relies on — the order they come up
/// in, the ports, the transport, a scalable worker — and that every command line is one the
/// `platform` CLI accepts.
/// </summary>
public sealed class ComposeFileTests
{
    private const string Transport = "rabbitmq://guest:guest@rabbitmq:5672/";
    private static readonly string ComposeFile = Path.Combine(RepositoryPaths.Root, "compose.yaml");

    [Fact]
    public async Task Docker_compose_accepts_the_file()
    {
        Assert.True(File.Exists("/usr/bin/docker-compose"), "docker-compose is not installed: ./build.sh test installs Debian's package");
        var result = await ProcessRunner.RunAsync("/usr/bin/docker-compose", ["-f", ComposeFile, "config", "-q"]);
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    [Fact]
    public void The_broker_the_platform_and_scalable_workers_come_up_in_order()
    {
        var services = Services();
        Assert.Equal(["platform", "rabbitmq", "worker"], services.Children.Keys.Select(k => k.ToString()).Order());

        var rabbitmq = (YamlMappingNode)services["rabbitmq"];
        Assert.StartsWith("rabbitmq:3-management", rabbitmq["image"].ToString());
        // Host ports default to the usual ones; a variable moves each (the compose tests run beside a platform on 4566).
        Assert.Contains("${RABBITMQ_UI_PORT:-15672}:15672", Strings(rabbitmq["ports"]));
        // The node name (and so its data directory in the volume) follows the hostname: fixed, it survives down/up.
        Assert.Equal("rabbitmq", rabbitmq["hostname"].ToString());
        Assert.Equal("true", rabbitmq["init"].ToString());
        Assert.Contains("exec 3<>/dev/tcp/127.0.0.1/5672", Strings(((YamlMappingNode)rabbitmq["healthcheck"])["test"]));

        var platform = (YamlMappingNode)services["platform"];
        Assert.Contains("${PLATFORM_PORT:-4566}:4566", Strings(platform["ports"]));
        Assert.Contains(Strings(platform["volumes"]), v => v.EndsWith(":/data", StringComparison.Ordinal));
        var up = Strings(platform["command"]);
        Assert.Equal("up", up[0]);
        Assert.Equal(Transport, After(up, "--transport"));
        Assert.Equal("0.0.0.0", After(up, "--host"));
        Assert.Equal("service_healthy", Condition(platform, "rabbitmq"));
        Assert.Contains("health", Strings(((YamlMappingNode)platform["healthcheck"])["test"]));

        var worker = (YamlMappingNode)services["worker"];
        var work = Strings(worker["command"]);
        Assert.Equal("worker", work[0]);
        Assert.Equal(Transport, After(work, "--transport"));
        Assert.Equal("http://platform:4566", After(work, "--platform-url"));
        // The edge answers only names it knows (DNS rebinding): the workers' name for it is one.
        Assert.Equal("platform", After(up, "--allowed-hosts"));
        // The same functions on both sides: the same platform.yaml, mounted at the same path.
        Assert.Equal(After(up, "--config"), After(work, "--config"));
        Assert.Contains(Strings(worker["volumes"]), v => v.EndsWith(":" + After(up, "--config") + ":ro", StringComparison.Ordinal));
        Assert.Equal("service_healthy", Condition(worker, "rabbitmq"));
        Assert.Equal("service_healthy", Condition(worker, "platform"));
        // `--scale worker=3` needs replicas that do not collide on a host port or a container name.
        Assert.False(worker.Children.ContainsKey("ports"));
        Assert.False(worker.Children.ContainsKey("container_name"));
        Assert.Equal(platform["image"].ToString(), worker["image"].ToString());
    }

    [Theory]
    [InlineData("platform")]
    [InlineData("worker")]
    public async Task Every_option_in_a_compose_command_is_one_the_cli_knows(string service)
    {
        var command = Strings(((YamlMappingNode)Services()[service])["command"]);
        var help = await ProcessRunner.RunAsync("dotnet", [RepositoryPaths.HostDll, command[0], "--help"]);
        Assert.Equal(0, help.ExitCode);
        foreach (var option in command.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
            Assert.Contains(option + " ", help.StandardOutput);
    }

    [Fact]
    public void The_dockerfile_builds_in_one_stage_and_runs_on_the_runtime_image()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "Dockerfile"));
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.Contains("dotnet/sdk", stages[0]);
        Assert.Contains("dotnet/aspnet", stages[1]);
        Assert.Contains(lines, l => l.Contains("dotnet publish src/Host/Platform.Host.csproj", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("COPY --from=build /app", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ENTRYPOINT [\"dotnet\", \"/app/platform.dll\"]", StringComparison.Ordinal));
        // The build context leaves out local build output and state.
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"));
        Assert.Contains("**/bin", ignored);
        Assert.Contains("**/obj", ignored);
    }

    private static YamlMappingNode Services()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(ComposeFile))
            yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    private static List<string> Strings(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => c.ToString()).ToList();

    private static string After(List<string> command, string option) => command[command.IndexOf(option) + 1];

    private static string Condition(YamlMappingNode service, string dependency) =>
        ((YamlMappingNode)((YamlMappingNode)service["depends_on"])[dependency])["condition"].ToString();
}
