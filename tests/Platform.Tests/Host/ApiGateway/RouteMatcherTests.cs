using Platform.Host.ApiGateway;
using Platform.Host.ApiGateway.V2;

namespace Platform.Tests.Host.ApiGateway;

/// <summary>API Gateway's route selection and route-key syntax: most specific first, greedy last,
/// $default only when nothing matches.</summary>
public sealed class RouteMatcherTests
{
    private static readonly string[] Routes =
        ["GET /orders/{id}", "GET /orders/special", "ANY /orders/{id}", "ANY /{proxy+}", "GET /files/{path+}", "$default", "GET /"];

    [Theory]
    [InlineData("GET", "/orders/42", "GET /orders/{id}", "id=42")]
    [InlineData("GET", "/orders/special", "GET /orders/special", "")]
    [InlineData("DELETE", "/orders/42", "ANY /orders/{id}", "id=42")]
    [InlineData("PUT", "/orders/42/items", "ANY /{proxy+}", "proxy=orders/42/items")]
    [InlineData("GET", "/files/a/b", "GET /files/{path+}", "path=a/b")]
    [InlineData("POST", "/files/a/b", "ANY /{proxy+}", "proxy=files/a/b")]
    [InlineData("GET", "/", "GET /", "")]
    [InlineData("POST", "/", "$default", "")]
    public void The_most_specific_route_wins(string method, string path, string expected, string parameters)
    {
        var segments = path == "/" ? [] : path[1..].Split('/');
        var match = RouteMatcher.Find(Routes, RouteKey.Parse, method, segments);
        Assert.NotNull(match);
        Assert.Equal(expected, match.Route);
        Assert.Equal(parameters, string.Join("&", match.PathParameters.Select(p => $"{p.Key}={p.Value}")));
    }

    [Fact]
    public void Without_a_default_route_nothing_matches_an_unknown_path()
    {
        Assert.Null(RouteMatcher.Find(["GET /orders/{id}"], RouteKey.Parse, "GET", ["orders"]));
        Assert.Null(RouteMatcher.Find(["GET /orders/{id}"], RouteKey.Parse, "POST", ["orders", "1"]));
        // A greedy variable needs at least one segment.
        Assert.Null(RouteMatcher.Find(["GET /files/{path+}"], RouteKey.Parse, "GET", ["files"]));
    }

    [Theory]
    [InlineData("$default", true)]
    [InlineData("GET /", true)]
    [InlineData("ANY /{proxy+}", true)]
    [InlineData("POST /a/{b}/c", true)]
    [InlineData("GET orders", false)]
    [InlineData("FETCH /x", false)]
    [InlineData("GET /a/{p+}/b", false)]
    [InlineData("GET /a/", false)]
    [InlineData("GET /a//b", false)]
    [InlineData("GET /{id}/{id}", false)]
    [InlineData("GET /a{b}", false)]
    [InlineData("get /a", false)]
    public void Route_keys_are_validated(string key, bool valid) => Assert.Equal(valid, RouteKey.Parse(key) is not null);
}
