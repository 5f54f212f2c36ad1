using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Platform.Aspire.Tests;

/// <summary>
/// The application model AddPlatform builds, read without starting anything (no DCP, no process): the
/// executable and its command line, the endpoint, the health check, and the variables WithReference
/// gives a referencing resource once the endpoint has an address.
/// </summary>
public sealed class AppModelTests
{
    [Fact]
    public async Task The_platform_is_an_executable_with_an_http_endpoint_and_a_health_check()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Platform_Aspire_AppHost>();
        var platform = Assert.Single(builder.Resources.OfType<PlatformResource>());

        Assert.Equal("aws", platform.Name);
        Assert.Equal("dotnet", platform.Command);
        Assert.EndsWith("platform.dll", platform.PlatformPath);
        Assert.Equal(Path.Combine(AppHostDirectory, "platform.yaml"), platform.ConfigPath);
        Assert.Equal(AppHostDirectory, platform.WorkingDirectory);
        var endpoint = Assert.Single(platform.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", "http"), (endpoint.Name, endpoint.UriScheme));
        Assert.Contains(platform.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key.StartsWith("aws", StringComparison.Ordinal));

        Allocate(endpoint, 43210);
        var args = await ArgumentsOf(platform);
        Assert.Equal(["exec", platform.PlatformPath!, "up", "--host", "127.0.0.1", "--port", TargetPort,
            "--config", platform.ConfigPath!, "--in-memory"], args);
    }

    [Fact]
    public async Task WithReference_gives_the_aws_sdk_variables()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Platform_Aspire_AppHost>();
        var platform = Assert.Single(builder.Resources.OfType<PlatformResource>());
        Allocate(Assert.Single(platform.Annotations.OfType<EndpointAnnotation>()), 43211);
        var client = builder.Resources.OfType<ExecutableResource>().Single(r => r.Name == "client");

        var environment = await EnvironmentOf(client);

        Assert.Equal("http://localhost:43211", environment["AWS_ENDPOINT_URL"]);
        Assert.Equal("test", environment["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("test", environment["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal("us-east-1", environment["AWS_REGION"]);
        Assert.Equal("us-east-1", environment["AWS_DEFAULT_REGION"]);
        Assert.Contains(client.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == platform && r.Type == "Reference");
    }

    [Fact]
    public async Task A_data_directory_replaces_in_memory_state_and_a_path_that_is_no_dll_is_the_command()
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { DisableDashboard = true });
        var aws = builder.AddPlatform("aws", port: 4566)
            .WithPlatformPath("/opt/platform/platform")
            .WithDataDirectory("state")
            .WithRegion("eu-west-1");
        var endpoint = Assert.Single(aws.Resource.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(4566, endpoint.Port);
        Allocate(endpoint, 4566);

        var args = await ArgumentsOf(aws.Resource);

        Assert.Equal("/opt/platform/platform", aws.Resource.Command);
        Assert.Equal(["up", "--host", "127.0.0.1", "--port", TargetPort, "--data-dir", Path.GetFullPath("state", builder.AppHostDirectory)], args);
        var api = builder.AddExecutable("api", "api", ".").WithReference(aws);
        Assert.Equal("eu-west-1", (await EnvironmentOf(api.Resource))["AWS_REGION"]);
    }

    private static string AppHostDirectory => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../Platform.Aspire.AppHost"));

    // What DCP does when it starts the resource: the endpoint gets its address and port, and the port
    // behind DCP's proxy is a template DCP fills in when it launches the process.
    private const string TargetPort = "{{- portForServing \"aws\" -}}";

    private static void Allocate(EndpointAnnotation endpoint, int port) =>
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port, TargetPort);

    // The environment callbacks' values, as DCP evaluates them when it starts the resource.
    private static async Task<Dictionary<string, string>> EnvironmentOf(IResourceWithEnvironment resource)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, variables);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            await callback.Callback(context);
        var values = new Dictionary<string, string>();
        foreach (var (name, value) in variables)
            values[name] = await ValueOf(value);
        return values;
    }

    private static async Task<string> ValueOf(object value) => value switch
    {
        string text => text,
        IValueProvider provider => (await provider.GetValueAsync())!,
        _ => value.ToString()!,
    };

    private static async Task<List<string>> ArgumentsOf(IResourceWithArgs resource)
    {
        var args = new List<object>();
        var context = new CommandLineArgsCallbackContext(args, resource);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
            await callback.Callback(context);
        var values = new List<string>();
        foreach (var arg in args)
            values.Add(await ValueOf(arg));
        return values;
    }
}
