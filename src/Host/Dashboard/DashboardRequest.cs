using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Emulators.Edge;

namespace Platform.Host.Dashboard;

/// <summary>Reading what a dashboard action sends: a bounded body, as text or as a JSON object.</summary>
internal static class DashboardRequest
{
    /// <summary>SQS's and Lambda's limits are smaller; this only keeps a runaway upload out of memory.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    public static EdgeException BadRequest(string message) => new("BadRequest", message, StatusCodes.Status400BadRequest);

    public static EdgeException NotFound(string message) => new("NotFound", message, StatusCodes.Status404NotFound);

    public static async Task<string> ReadTextAsync(HttpContext context)
    {
        using var body = await EdgeBody.ReadAsync(context.Request, MaxBodyBytes,
            () => new EdgeException("TooLarge", $"The body is over {MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge),
            context.RequestAborted).ConfigureAwait(false);
        if (!body.IsValidUtf8)
            throw BadRequest("The body is not valid UTF-8.");
        return System.Text.Encoding.UTF8.GetString(body.Span);
    }

    /// <summary>The body as a JSON object; an empty body is an empty object.</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpContext context)
    {
        var text = await ReadTextAsync(context).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
            return JsonDocument.Parse("{}").RootElement;
        try
        {
            var root = JsonDocument.Parse(text).RootElement;
            return root.ValueKind == JsonValueKind.Object ? root : throw BadRequest("The body must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw BadRequest("The body is not valid JSON: " + exception.Message);
        }
    }

    public static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
