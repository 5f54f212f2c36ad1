using System.Text;
using Platform.Host.ApiGateway;

namespace Platform.Tests.Host.ApiGateway;

/// <summary>The Lambda proxy response: what maps, and what is a malformed proxy response.</summary>
public sealed class PayloadV1ResponseTests
{
    [Fact]
    public void A_proxy_response_maps_with_its_single_and_multi_value_headers()
    {
        var response = PayloadV1Response.Map("""{"statusCode":201,"headers":{"a":"1","b":"x"},"multiValueHeaders":{"b":["2","3"]},"body":"hi"}""");
        Assert.NotNull(response);
        Assert.Equal(201, response.StatusCode);
        Assert.Equal(["a=1", "b=2", "b=3", "Content-Type=application/json"], response.Headers.Select(h => $"{h.Name}={h.Value}").ToArray());
        Assert.Equal("hi", Encoding.UTF8.GetString(response.Body));
        Assert.Equal([1, 2], PayloadV1Response.Map("""{"statusCode":200,"body":"AQI=","isBase64Encoded":true}""")!.Body);
    }

    [Theory]
    [InlineData("\"just a string\"")]
    [InlineData("""{"body":"no status"}""")]
    [InlineData("""{"statusCode":"teapot"}""")]
    [InlineData("""{"statusCode":200,"body":{"an":"object"}}""")]
    [InlineData("""{"statusCode":200,"extra":1}""")]
    [InlineData("""{"statusCode":200,"body":"!!","isBase64Encoded":true}""")]
    [InlineData("not json")]
    public void Anything_else_is_malformed(string payload) => Assert.Null(PayloadV1Response.Map(payload));
}
