using Platform.Host.Configuration;

namespace Platform.Tests.Host;

/// <summary>platform.yaml's `url:` on a function: a function URL with Lambda's AuthType, InvokeMode
/// and CORS members, and a line-numbered error for anything Lambda would refuse.</summary>
public sealed class FunctionUrlConfigTests
{
    private const string Function = """
        functions:
          api:
            runtime: process
            command: ./bootstrap

        """;

    private static PlatformConfig Parse(string url) => ConfigLoader.Parse(new StringReader(Function + url), "/cfg/platform.yaml");

    [Fact]
    public void Reads_auth_type_invoke_mode_and_cors()
    {
        var url = Assert.Single(Parse("""
                url:
                  authType: AWS_IAM
                  invokeMode: RESPONSE_STREAM
                  cors: { allowOrigins: ["https://app.example"], allowMethods: [GET, POST], allowHeaders: [content-type],
                          exposeHeaders: [x-id], maxAge: 300, allowCredentials: true }
            """).FunctionUrls);

        Assert.Equal("api", url.Function);
        Assert.Equal("AWS_IAM", url.AuthType);
        Assert.Equal("RESPONSE_STREAM", url.InvokeMode);
        Assert.Equal(["https://app.example"], url.Cors!.AllowOrigins);
        Assert.Equal(["GET", "POST"], url.Cors.AllowMethods);
        Assert.Equal(["content-type"], url.Cors.AllowHeaders);
        Assert.Equal(["x-id"], url.Cors.ExposeHeaders);
        Assert.Equal(300, url.Cors.MaxAge);
        Assert.True(url.Cors.AllowCredentials);
    }

    [Fact]
    public void An_empty_url_block_is_a_public_buffered_url_without_cors()
    {
        var url = Assert.Single(Parse("    url: {}\n").FunctionUrls);
        Assert.Equal(("NONE", "BUFFERED"), (url.AuthType, url.InvokeMode));
        Assert.Null(url.Cors);
        Assert.Empty(ConfigLoader.Parse(new StringReader(Function), "/cfg/platform.yaml").FunctionUrls);
    }

    [Theory]
    [InlineData("    url: { authType: OPEN }\n", "authType must be NONE or AWS_IAM")]
    [InlineData("    url: { invokeMode: STREAM }\n", "invokeMode must be BUFFERED or RESPONSE_STREAM")]
    [InlineData("    url: { cors: { maxAge: 90000 } }\n", "maxAge must be a whole number from 0 to 86400")]
    [InlineData("    url: { cors: { allowMethods: [GET, PUT, POST, DELETE, PATCH, HEAD, OPTIONS] } }\n", "at most 6")]
    [InlineData("    url: { cors: { allowCredentials: maybe } }\n", "allowCredentials must be true or false")]
    [InlineData("    url: { auth: NONE }\n", "not a known option")]
    public void Refuses_what_lambda_refuses(string url, string message)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(url));
        Assert.Contains(message, error.Message);
        Assert.Contains("functions.api.url", error.Message);
    }
}
