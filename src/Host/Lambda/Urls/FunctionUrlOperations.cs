using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.Lambda;

/// <summary>Create/Get/Update/DeleteFunctionUrlConfig and ListFunctionUrlConfigs (API version
/// 2021-10-31), with Lambda's validation and errors. A URL belongs to the unqualified function or to
/// one alias (<c>Qualifier</c>); platform.yaml's URLs are listed but changed in the file.</summary>
internal sealed class FunctionUrlOperations(ControlPlane control, FunctionUrlStore store, FunctionUrlDirectory directory)
{
    public async Task CreateAsync(LambdaRequest request, string nameOrArn)
    {
        var qualifier = UrlQualifier(request, nameOrArn);
        var body = LambdaJson.ParseObject(request.Body);
        var authType = AuthType(body) ?? throw LambdaException.Validation("authType", "null", "Member must not be null");
        var cors = Cors(body);
        var invokeMode = InvokeMode(body) ?? "BUFFERED";
        FunctionUrlConfig config;
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = Target(nameOrArn, qualifier);
            if (directory.Get(function, qualifier) is not null)
            {
                throw LambdaException.Conflict($"Failed to create function url config for [functionArn = {Arn(function, qualifier)}]. "
                    + "Error message:  FunctionUrlConfig exists for this Lambda function");
            }
            var now = control.Now;
            config = new FunctionUrlConfig
            {
                FunctionName = function,
                Qualifier = qualifier,
                UrlId = FunctionUrlStore.NewId(),
                AuthType = authType,
                Cors = cors,
                InvokeMode = invokeMode,
                CreationTime = now,
                LastModifiedTime = now,
            };
            await store.PutAsync(config, request.Aborted).ConfigureAwait(false);
        }
        await WriteAsync(request, StatusCodes.Status201Created, config, lastModified: false).ConfigureAwait(false);
    }

    public async Task GetAsync(LambdaRequest request, string nameOrArn)
    {
        var qualifier = UrlQualifier(request, nameOrArn);
        var function = Known(nameOrArn, qualifier);
        var config = directory.Get(function, qualifier) ?? throw NoUrl();
        await WriteAsync(request, StatusCodes.Status200OK, config, lastModified: true).ConfigureAwait(false);
    }

    public async Task UpdateAsync(LambdaRequest request, string nameOrArn)
    {
        var qualifier = UrlQualifier(request, nameOrArn);
        var body = LambdaJson.ParseObject(request.Body);
        var authType = AuthType(body);
        var cors = Cors(body);
        var invokeMode = InvokeMode(body);
        FunctionUrlConfig config;
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = Target(nameOrArn, qualifier);
            var existing = directory.Get(function, qualifier) ?? throw NoUrl();
            config = existing with
            {
                AuthType = authType ?? existing.AuthType,
                Cors = LambdaJson.Has(body, "Cors", out _) ? cors : existing.Cors,
                InvokeMode = invokeMode ?? existing.InvokeMode,
                LastModifiedTime = control.Now,
            };
            await store.PutAsync(config, request.Aborted).ConfigureAwait(false);
        }
        await WriteAsync(request, StatusCodes.Status200OK, config, lastModified: true).ConfigureAwait(false);
    }

    public async Task DeleteAsync(LambdaRequest request, string nameOrArn)
    {
        var qualifier = UrlQualifier(request, nameOrArn);
        using (await control.Store.LockAsync(request.Aborted).ConfigureAwait(false))
        {
            var function = Target(nameOrArn, qualifier);
            var existing = directory.Get(function, qualifier) ?? throw NoUrl();
            await store.DeleteAsync(existing, request.Aborted).ConfigureAwait(false);
        }
        request.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public Task ListAsync(LambdaRequest request, string nameOrArn)
    {
        var function = Known(nameOrArn, null);
        var maxItems = request.Query("MaxItems") is { } max ? ParseMaxItems(max) : 50;
        var start = request.Query("Marker") is { } marker && int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : 0;
        var all = directory.OfFunction(function);
        var page = all.Skip(start).Take(maxItems).ToList();
        return LambdaResponses.WriteJsonAsync(request.Context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("FunctionUrlConfigs");
            foreach (var config in page)
                WriteConfig(json, request, config, lastModified: true);
            json.WriteEndArray();
            if (start + page.Count < all.Count)
                json.WriteString("NextMarker", (start + page.Count).ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
        });
    }

    /// <summary>The function a change names: one created through the API (platform.yaml's say so),
    /// and the alias when qualified.</summary>
    private string Target(string nameOrArn, string? qualifier)
    {
        var function = control.Require(nameOrArn).Name;
        RequireAlias(function, qualifier);
        return function;
    }

    /// <summary>The function a read names: an API function or a platform.yaml one.</summary>
    private string Known(string nameOrArn, string? qualifier)
    {
        var name = LambdaFunctions.ParseName(nameOrArn).Name;
        if (control.Find(name) is not null)
        {
            RequireAlias(name, qualifier);
            return name;
        }
        if (control.Functions.All.Any(f => f.Name == name))
            return name;
        throw LambdaException.NotFound($"Function not found: {control.ArnOf(name)}");
    }

    private void RequireAlias(string function, string? qualifier)
    {
        if (qualifier is not null and not "$LATEST" && control.Store.Alias(function, qualifier) is null)
            throw LambdaException.NotFound($"Function not found: {control.ArnOf(function)}:{qualifier}");
    }

    /// <summary>Qualifier: $LATEST or an alias name, never a version number (Lambda's pattern).</summary>
    private static string? UrlQualifier(LambdaRequest request, string nameOrArn)
    {
        var qualifier = ControlPlane.Qualifier(request, nameOrArn);
        if (qualifier is not null && (qualifier.Length > 128 || qualifier.All(char.IsAsciiDigit)
            || (qualifier != "$LATEST" && !qualifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))))
        {
            throw LambdaException.Validation("qualifier", qualifier,
                "Member must satisfy regular expression pattern: (^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))");
        }
        return qualifier;
    }

    private static string? AuthType(JsonElement body) => LambdaJson.String(body, "AuthType") switch
    {
        null => null,
        var value when value is "NONE" or "AWS_IAM" => value,
        var other => throw LambdaException.Validation("authType", other, "Member must satisfy enum value set: [AWS_IAM, NONE]"),
    };

    private static string? InvokeMode(JsonElement body) => LambdaJson.String(body, "InvokeMode") switch
    {
        null => null,
        var value when value is "BUFFERED" or "RESPONSE_STREAM" => value,
        var other => throw LambdaException.Validation("invokeMode", other, "Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]"),
    };

    private static FunctionUrlCors? Cors(JsonElement body)
    {
        if (LambdaJson.Object(body, "Cors") is not { } cors)
            return null;
        return new FunctionUrlCors
        {
            AllowCredentials = LambdaJson.Bool(cors, "AllowCredentials"),
            AllowHeaders = List(cors, "AllowHeaders", 100, 1024),
            AllowMethods = List(cors, "AllowMethods", 6, 6),
            AllowOrigins = List(cors, "AllowOrigins", 100, 253),
            ExposeHeaders = List(cors, "ExposeHeaders", 100, 1024),
            MaxAge = LambdaJson.Int(cors, "MaxAge", 0, 86400),
        };
    }

    private static List<string>? List(JsonElement cors, string member, int maxItems, int maxLength)
    {
        if (LambdaJson.Strings(cors, member) is not { } values)
            return null;
        var path = "cors." + char.ToLowerInvariant(member[0]) + member[1..];
        if (values.Count > maxItems)
            throw LambdaException.Validation(path, $"[{string.Join(", ", values)}]", $"Member must have length less than or equal to {maxItems}");
        if (values.FirstOrDefault(v => v.Length > maxLength || (member == "AllowOrigins" && v.Length == 0)) is { } bad)
            throw LambdaException.Validation(path, bad, $"Member must have length less than or equal to {maxLength}");
        return [.. values];
    }

    private static int ParseMaxItems(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 50 ? n
        : throw LambdaException.Validation("maxItems", value, "Member must have value between 1 and 50");

    private static LambdaException NoUrl() => LambdaException.NotFound("The resource you requested does not exist.");

    private string Arn(string function, string? qualifier) => control.ArnOf(function) + (qualifier is null ? "" : ":" + qualifier);

    private Task WriteAsync(LambdaRequest request, int status, FunctionUrlConfig config, bool lastModified) =>
        LambdaResponses.WriteJsonAsync(request.Context, status, json => WriteConfig(json, request, config, lastModified));

    private void WriteConfig(Utf8JsonWriter json, LambdaRequest request, FunctionUrlConfig config, bool lastModified)
    {
        json.WriteStartObject();
        json.WriteString("FunctionUrl", FunctionUrlAddress.Of(config.UrlId, control.Functions.Region, request.Context.Request));
        json.WriteString("FunctionArn", Arn(config.FunctionName, config.Qualifier));
        json.WriteString("AuthType", config.AuthType);
        if (config.Cors is { } cors)
        {
            json.WriteStartObject("Cors");
            if (cors.AllowCredentials is { } credentials)
                json.WriteBoolean("AllowCredentials", credentials);
            WriteList(json, "AllowHeaders", cors.AllowHeaders);
            WriteList(json, "AllowMethods", cors.AllowMethods);
            WriteList(json, "AllowOrigins", cors.AllowOrigins);
            WriteList(json, "ExposeHeaders", cors.ExposeHeaders);
            if (cors.MaxAge is { } maxAge)
                json.WriteNumber("MaxAge", maxAge);
            json.WriteEndObject();
        }
        json.WriteString("CreationTime", Time(config.CreationTime));
        if (lastModified)
            json.WriteString("LastModifiedTime", Time(config.LastModifiedTime));
        json.WriteString("InvokeMode", config.InvokeMode);
        json.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter json, string name, List<string>? values)
    {
        if (values is null)
            return;
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
