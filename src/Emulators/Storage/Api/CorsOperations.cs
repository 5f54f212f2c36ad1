using System.Globalization;
using Platform.Emulators.Storage.Engine;

namespace Platform.Emulators.Storage.Api;

/// <summary>Put/Get/DeleteBucketCors, with S3's validation of the rules.</summary>
internal sealed class CorsOperations(StorageEngine engine)
{
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "GET", "PUT", "POST", "DELETE", "HEAD" };
    private const int MaxRules = 100;

    public Task GetAsync(S3Call call)
    {
        var rules = engine.GetBucketCors(call.Bucket) ?? throw new StorageException("NoSuchCORSConfiguration",
            "The CORS configuration does not exist", 404, new Dictionary<string, string> { ["BucketName"] = call.Bucket });
        return S3Xml.WriteAsync(call.Response, "CORSConfiguration", w =>
        {
            foreach (var rule in rules)
            {
                w.WriteStartElement("CORSRule");
                if (rule.Id is not null)
                    w.Element("ID", rule.Id);
                foreach (var value in rule.AllowedHeaders)
                    w.Element("AllowedHeader", value);
                foreach (var value in rule.AllowedMethods)
                    w.Element("AllowedMethod", value);
                foreach (var value in rule.AllowedOrigins)
                    w.Element("AllowedOrigin", value);
                foreach (var value in rule.ExposeHeaders)
                    w.Element("ExposeHeader", value);
                if (rule.MaxAgeSeconds is { } maxAge)
                    w.Element("MaxAgeSeconds", maxAge);
                w.WriteEndElement();
            }
        }, call.Aborted);
    }

    public async Task PutAsync(S3Call call)
    {
        var root = await S3Xml.ReadAsync(S3Headers.Body(call.Request), call.Aborted).ConfigureAwait(false);
        if (root.Name.LocalName != "CORSConfiguration")
            throw StorageErrors.MalformedXml();
        var rules = root.Children("CORSRule").Select(Rule).ToList();
        if (rules.Count is 0 or > MaxRules)
            throw StorageErrors.MalformedXml();
        await engine.PutBucketCorsAsync(call.Bucket, rules, call.Aborted).ConfigureAwait(false);
        call.Response.StatusCode = 200;
    }

    public async Task DeleteAsync(S3Call call)
    {
        await engine.DeleteBucketCorsAsync(call.Bucket, call.Aborted).ConfigureAwait(false);
        call.Response.StatusCode = 204;
    }

    private static CorsRule Rule(System.Xml.Linq.XElement rule)
    {
        List<string> Values(string name) => [.. rule.Children(name).Select(e => e.Value.Trim())];
        var origins = Values("AllowedOrigin");
        var methods = Values("AllowedMethod");
        if (origins.Count == 0 || methods.Count == 0)
            throw StorageErrors.MalformedXml();
        if (methods.FirstOrDefault(m => !Methods.Contains(m)) is { } unsupported)
            throw StorageErrors.InvalidRequest($"Found unsupported HTTP method in CORS config. Unsupported method is {unsupported}");
        if (origins.FirstOrDefault(o => o.Count(c => c == '*') > 1) is { } origin)
            throw StorageErrors.InvalidRequest($"AllowedOrigin \"{origin}\" can not have more than one wildcard.");
        var headers = Values("AllowedHeader");
        if (headers.FirstOrDefault(h => h.Count(c => c == '*') > 1) is { } header)
            throw StorageErrors.InvalidRequest($"AllowedHeader \"{header}\" can not have more than one wildcard.");
        int? maxAge = null;
        if (rule.ChildValue("MaxAgeSeconds") is { } text)
        {
            maxAge = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw StorageErrors.MalformedXml();
        }

        return new CorsRule
        {
            Id = rule.ChildValue("ID"),
            AllowedOrigins = origins,
            AllowedMethods = methods,
            AllowedHeaders = headers,
            ExposeHeaders = Values("ExposeHeader"),
            MaxAgeSeconds = maxAge,
        };
    }
}
