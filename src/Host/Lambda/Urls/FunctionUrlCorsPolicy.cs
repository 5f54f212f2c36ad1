using Microsoft.AspNetCore.Http;

namespace Platform.Host.Lambda;

/// <summary>A URL's CORS configuration applied as Lambda does: the platform answers preflight
/// OPTIONS requests itself, and sets Access-Control-* on responses to allowed origins, overriding
/// any the function returned.</summary>
internal static class FunctionUrlCorsPolicy
{
    public static bool IsPreflight(HttpRequest request, FunctionUrlConfig config) => config.Cors is not null && IsPreflight(request);

    /// <summary>A browser's preflight: OPTIONS with Origin and Access-Control-Request-Method (HTTP APIs answer them the same way).</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Origin") && request.Headers.ContainsKey("Access-Control-Request-Method");

    public static void AnswerPreflight(HttpContext context, FunctionUrlCors cors)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        if (!ApplyOrigin(context.Request, response, cors))
            return;
        if (cors.AllowMethods is { Count: > 0 } methods)
            response.Headers["Access-Control-Allow-Methods"] = string.Join(",", methods);
        if (cors.AllowHeaders is { Count: > 0 } headers)
            response.Headers["Access-Control-Allow-Headers"] = string.Join(",", headers);
        if (cors.MaxAge is { } maxAge)
            response.Headers["Access-Control-Max-Age"] = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>On an actual response: the allowed origin, credentials and exposed headers.</summary>
    public static void Apply(HttpRequest request, HttpResponse response, FunctionUrlCors? cors)
    {
        if (cors is null || !request.Headers.ContainsKey("Origin"))
            return;
        foreach (var name in response.Headers.Keys.Where(k => k.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).ToList())
            response.Headers.Remove(name);
        ApplyOrigin(request, response, cors);
    }

    private static bool ApplyOrigin(HttpRequest request, HttpResponse response, FunctionUrlCors cors)
    {
        var origin = request.Headers.Origin.ToString();
        var origins = cors.AllowOrigins ?? [];
        var any = origins.Contains("*");
        if (!any && !origins.Contains(origin, StringComparer.OrdinalIgnoreCase))
            return false;
        response.Headers["Access-Control-Allow-Origin"] = any && cors.AllowCredentials != true ? "*" : origin;
        if (cors.AllowCredentials == true)
            response.Headers["Access-Control-Allow-Credentials"] = "true";
        if (cors.ExposeHeaders is { Count: > 0 } expose)
            response.Headers["Access-Control-Expose-Headers"] = string.Join(",", expose);
        response.Headers.Append("Vary", "Origin");
        return true;
    }
}
