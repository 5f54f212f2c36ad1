using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Host.ApiGateway.V2;

/// <summary>
/// An HTTP API's JWT authorizer: the bearer token's RS256 signature checked against the issuer's
/// JWKS (found, as AWS does, through <c>{issuer}/.well-known/openid-configuration</c>, cached for two
/// hours), its <c>iss</c>, <c>aud</c> (or <c>client_id</c>), <c>exp</c> and <c>nbf</c>, and the route's scopes.
/// A bad token is a 401 with the WWW-Authenticate header API Gateway sends; a missing scope a 403.
/// </summary>
internal sealed class JwtAuthorizer(TimeProvider time) : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly TimeSpan KeysLifetime = TimeSpan.FromHours(2);
    private readonly Dictionary<string, (DateTimeOffset Fetched, JsonArray Keys)> _keys = new(StringComparer.Ordinal);

    public async Task<HttpApiAuthorizers.Verdict> AuthorizeAsync(string? identity, HttpAuthorizer authorizer, HttpRoute route, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(identity))
            return new(HttpApiAuthorizers.Unauthorized, null);
        var token = identity.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? identity[7..].Trim() : identity.Trim();
        var (claims, error) = await ValidateAsync(token, authorizer.JwtConfiguration!, cancellationToken).ConfigureAwait(false);
        if (claims is null)
        {
            return new(new(401, "Unauthorized", [("WWW-Authenticate", $"Bearer scope=\"\" error=\"invalid_token\" error_description=\"{error}\"")]), null);
        }
        var scopes = (claims["scope"]?.ToString() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Concat(claims["scp"] is JsonArray scp ? scp.Select(s => s?.ToString() ?? "") : []).ToList();
        if (route.AuthorizationScopes is { Count: > 0 } required && !required.Any(scopes.Contains))
        {
            return new(new(403, "Forbidden", [("WWW-Authenticate",
                $"Bearer scope=\"{string.Join(' ', required)}\" error=\"insufficient_scope\" error_description=\"expected scopes: [{string.Join(' ', required)}]\"")]), null);
        }
        return new(null, json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("jwt");
            json.WriteStartObject("claims");
            foreach (var (name, value) in claims)
                json.WriteString(name, value is JsonValue v && v.TryGetValue(out string? text) ? text : value?.ToJsonString() ?? "");
            json.WriteEndObject();
            if (route.AuthorizationScopes is { Count: > 0 })
            {
                json.WriteStartArray("scopes");
                foreach (var scope in scopes)
                    json.WriteStringValue(scope);
                json.WriteEndArray();
            }
            else
            {
                json.WriteNull("scopes");
            }
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    private async Task<(JsonObject? Claims, string Error)> ValidateAsync(string token, HttpJwtConfiguration configuration, CancellationToken cancellationToken)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
            return (null, "the token is not a JWT");
        JsonObject header, claims;
        try
        {
            header = JsonNode.Parse(Base64Url(parts[0]))!.AsObject();
            claims = JsonNode.Parse(Base64Url(parts[1]))!.AsObject();
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return (null, "the token is not a JWT");
        }
        if (header["alg"]?.ToString() != "RS256")
            return (null, "the token's alg is not RS256");
        var keys = await KeysAsync(configuration.Issuer!, cancellationToken).ConfigureAwait(false);
        var kid = header["kid"]?.ToString();
        var key = keys?.OfType<JsonObject>().FirstOrDefault(k => k["kty"]?.ToString() == "RSA" && (kid is null || k["kid"]?.ToString() == kid));
        if (key is null)
            return (null, "no key of the issuer's JWKS matches the token");
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64Url(key["n"]!.ToString()), Exponent = Base64Url(key["e"]!.ToString()) });
        if (!rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            return (null, "the token's signature is invalid");
        if (claims["iss"]?.ToString() != configuration.Issuer)
            return (null, "the token's issuer is not the authorizer's");
        var audiences = claims["aud"] switch
        {
            JsonArray array => array.Select(a => a?.ToString() ?? "").ToList(),
            JsonValue value => [value.ToString()],
            _ => claims["client_id"] is { } clientId ? [clientId.ToString()] : [],
        };
        if (configuration.Audience is { Count: > 0 } expected && !audiences.Any(expected.Contains))
            return (null, "the token's audience is not the authorizer's");
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (claims["exp"] is not JsonValue exp || !exp.TryGetValue(out long expires) || expires <= now)
            return (null, "the token has expired");
        if (claims["nbf"] is JsonValue nbf && nbf.TryGetValue(out long notBefore) && notBefore > now)
            return (null, "the token is not valid yet");
        return (claims, "");
    }

    private async Task<JsonArray?> KeysAsync(string issuer, CancellationToken cancellationToken)
    {
        lock (_keys)
        {
            if (_keys.TryGetValue(issuer, out var cached) && time.GetUtcNow() - cached.Fetched < KeysLifetime)
                return cached.Keys;
        }
        try
        {
            var client = _client;
            var discovery = JsonNode.Parse(await client.GetStringAsync(issuer.TrimEnd('/') + "/.well-known/openid-configuration", cancellationToken).ConfigureAwait(false));
            var jwksUri = discovery?["jwks_uri"]?.ToString();
            if (jwksUri is null)
                return null;
            var keys = JsonNode.Parse(await client.GetStringAsync(jwksUri, cancellationToken).ConfigureAwait(false))?["keys"] as JsonArray;
            if (keys is not null)
            {
                lock (_keys)
                    _keys[issuer] = (time.GetUtcNow(), keys);
            }
            return keys;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _client.Dispose();

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
