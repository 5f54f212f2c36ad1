using System.Text.Json.Nodes;
using Platform.Host.ApiGateway;

namespace Platform.Tests.Host.ApiGateway;

/// <summary>A Lambda authorizer's policy: an Allow on a matching resource admits, any matching Deny refuses.</summary>
public sealed class IamPolicyTests
{
    private const string Arn = "arn:aws:execute-api:us-east-1:000000000000:abc/$default/GET/orders/1";

    private static JsonObject Policy(params (string Effect, string Resource)[] statements) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray([.. statements.Select(s => (JsonNode)new JsonObject
        {
            ["Action"] = "execute-api:Invoke", ["Effect"] = s.Effect, ["Resource"] = new JsonArray(s.Resource),
        })]),
    };

    [Fact]
    public void Allow_and_deny_with_wildcards()
    {
        Assert.True(IamPolicy.Allows(Policy(("Allow", Arn)), Arn));
        Assert.True(IamPolicy.Allows(Policy(("Allow", "arn:aws:execute-api:us-east-1:000000000000:abc/*")), Arn));
        Assert.False(IamPolicy.Allows(Policy(("Allow", "arn:aws:execute-api:us-east-1:000000000000:abc/*/POST/*")), Arn));
        Assert.False(IamPolicy.Allows(Policy(("Allow", "*"), ("Deny", Arn)), Arn));
        Assert.False(IamPolicy.Allows(Policy(), Arn));
        Assert.False(IamPolicy.Allows(Policy(("Deny", "*")), Arn));
    }
}
