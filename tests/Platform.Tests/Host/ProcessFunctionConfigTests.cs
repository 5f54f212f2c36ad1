using Platform.Contracts.Functions;
using Platform.Host.Configuration;

namespace Platform.Tests.Host;

/// <summary>platform.yaml for functions that run as processes: runtime process with a command,
/// and .NET functions with isolation process; options of one kind on the other are refused.</summary>
public sealed class ProcessFunctionConfigTests
{
    private static PlatformConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "/cfg/platform.yaml");

    private static ConfigException ParseFails(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Fact]
    public void Reads_a_process_function_with_its_command_and_folder()
    {
        var function = Assert.Single(Parse("""
            functions:
              resize:
                runtime: process
                command: ["python3", "handler.py"]
                directory: resize
                handler: handler.resize
                memory: 256
                environment: { BUCKET: processed }
            """).Functions);

        Assert.Equal("process", function.Runtime);
        Assert.Equal(["python3", "handler.py"], function.Command);
        Assert.Equal("/cfg/resize", function.CodeDirectory);
        Assert.Equal("handler.resize", function.Handler);
        Assert.Null(function.Assembly);
        Assert.Equal(256, function.MemorySize);
    }

    [Fact]
    public void A_process_function_runs_in_the_config_folder_by_default_and_a_command_may_be_one_string()
    {
        var function = Assert.Single(Parse("""
            functions:
              tool:
                runtime: process
                command: ./bootstrap
            """).Functions);

        Assert.Equal(["./bootstrap"], function.Command);
        Assert.Equal("/cfg", function.CodeDirectory);
        Assert.Null(function.Handler);
    }

    [Fact]
    public void Reads_dotnet_isolation()
    {
        var function = Assert.Single(Parse("""
            functions:
              summarize:
                assembly: fn/Fn.dll
                handler: Fn::Fn.Handler
                isolation: process
            """).Functions);

        Assert.Equal("dotnet", function.Runtime);
        Assert.Equal("process", function.Isolation);
    }

    [Theory]
    [InlineData("    runtime: process\n", 3, "functions.f.command is required for runtime 'process'")]
    [InlineData("    runtime: process\n    command: [./b]\n    assembly: a.dll\n", 5, "functions.f.assembly is for runtime 'dotnet'")]
    [InlineData("    assembly: a.dll\n    handler: A::A.F\n    command: [./b]\n", 5, "functions.f.command is for runtime 'process'")]
    [InlineData("    assembly: a.dll\n    handler: A::A.F\n    isolation: container\n", 5, "functions.f.isolation 'container' is not valid")]
    [InlineData("    runtime: java\n", 3, "functions.f.runtime 'java' is not supported; use 'dotnet', 'process' or one of Lambda's runtimes")]
    public void Mixed_up_options_name_the_line_and_the_fix(string body, int line, string message)
    {
        var error = ParseFails("functions:\n  f:\n" + body);

        Assert.Contains($"/cfg/platform.yaml:{line}: {message}", error.Message);
    }

    [Fact]
    public void A_changed_command_is_a_changed_function_and_an_equal_one_is_not()
    {
        var before = Parse("functions:\n  f:\n    runtime: process\n    command: [./a]\n");
        var same = Parse("functions:\n  f:\n    runtime: process\n    command: [./a]\n");
        var changed = Parse("functions:\n  f:\n    runtime: process\n    command: [./b]\n");

        Assert.Empty(ConfigDiff.Between(before, same).ChangedFunctions);
        Assert.Equal(["f"], ConfigDiff.Between(before, changed).ChangedFunctions.Select(f => f.Name));
    }
}
