using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Host.ApiGateway;

/// <summary>A Lambda authorizer's IAM policy, evaluated as API Gateway does for execute-api:Invoke:
/// allowed when a statement allows the route's ARN and none denies it (<c>*</c> and <c>?</c> as
/// wildcards in actions and resources).</summary>
internal static class IamPolicy
{
    public static bool Allows(JsonObject policy, string resourceArn)
    {
        var statements = policy["Statement"] switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject single => [single],
            _ => [],
        };
        var allowed = false;
        foreach (var statement in statements)
        {
            if (!Strings(statement["Action"]).Any(a => Matches(a, "execute-api:Invoke")) || !Strings(statement["Resource"]).Any(r => Matches(r, resourceArn)))
                continue;
            var effect = statement["Effect"]?.ToString();
            if (effect == "Deny")
                return false;
            allowed |= effect == "Allow";
        }
        return allowed;
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => n?.ToString() ?? ""),
        JsonValue value => [value.ToString()],
        _ => [],
    };

    private static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
}
