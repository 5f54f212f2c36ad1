using Platform.Host.Configuration;

namespace Platform.Tests.Runtime.Managed;

/// <summary>platform.yaml functions on Lambda's runtimes: runtime, handler, code (folder or zip), layers —
/// and each mistake a config error naming file:line.</summary>
public sealed class ManagedFunctionConfigTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("managed-config-");

    [Fact]
    public void A_python_function_names_its_runtime_handler_code_folder_and_layers()
    {
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "thumbs"));
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "layers", "pillow"));

        var function = Assert.Single(Parse("""
            functions:
              thumbs:
                runtime: python3.12
                handler: app.handler
                code: ./thumbs
                layers: [layers/pillow]
                ephemeralStorage: 1024
            """).Functions);

        Assert.Equal("python3.12", function.Runtime);
        Assert.Equal("app.handler", function.Handler);
        Assert.Equal(Path.Combine(_dir.FullName, "thumbs"), function.CodeDirectory);
        Assert.Equal([Path.Combine(_dir.FullName, "layers", "pillow")], function.Layers);
        Assert.Equal(1024, function.EphemeralStorageMb);
    }

    [Fact]
    public void A_zip_is_code_too()
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "fn.zip"), []);

        var function = Assert.Single(Parse("functions:\n  f:\n    runtime: nodejs20.x\n    handler: index.handler\n    code: fn.zip\n").Functions);

        Assert.Equal(Path.Combine(_dir.FullName, "fn.zip"), function.CodeDirectory);
    }

    [Theory]
    [InlineData("    runtime: java21\n    handler: a.b\n    code: .\n", 3, "functions.f.runtime 'java21' is not supported; use 'dotnet', 'process' or one of Lambda's runtimes: python3.9, python3.10")]
    [InlineData("    runtime: python3.12\n    handler: app.handler\n", 3, "functions.f.code is required")]
    [InlineData("    runtime: python3.12\n    handler: app.handler\n    code: ./missing\n", 5, "functions.f.code './missing' does not exist")]
    [InlineData("    runtime: python3.12\n    handler: app\n    code: .\n", 4, "functions.f.handler must be 'file.function' (e.g. app.handler, or src/app.handler), not 'app'")]
    [InlineData("    runtime: nodejs22.x\n    code: .\n", 3, "functions.f.handler is required")]
    [InlineData("    runtime: dotnet8\n    handler: app.handler\n    code: .\n", 4, "functions.f.handler must be 'Assembly::Namespace.Type::Method'")]
    [InlineData("    runtime: python3.12\n    handler: app.handler\n    code: .\n    command: [x]\n", 6, "functions.f.command is not used by runtime 'python3.12'")]
    [InlineData("    runtime: python3.12\n    handler: app.handler\n    code: .\n    layers: [nope]\n", 6, "functions.f.layers: '")]
    [InlineData("    runtime: process\n    command: [./b]\n    code: .\n", 5, "functions.f.code is for Lambda's runtimes")]
    public void Mistakes_name_the_line_and_the_fix(string body, int line, string message)
    {
        var error = Assert.Throws<ConfigException>(() => Parse("functions:\n  f:\n" + body));

        Assert.Contains($"{Path.Combine(_dir.FullName, "platform.yaml")}:{line}: {message}", error.Message);
    }

    private PlatformConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), Path.Combine(_dir.FullName, "platform.yaml"));

    public void Dispose() => _dir.Delete(recursive: true);
}
