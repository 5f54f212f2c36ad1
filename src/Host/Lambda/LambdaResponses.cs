using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.Lambda;

internal static class LambdaResponses
{
    public static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        write(json);
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Lambda's error shape: botocore takes the code from X-Amzn-ErrorType and the text
    /// from "message".</summary>
    public static Task WriteErrorAsync(HttpContext context, LambdaException error)
    {
        context.Response.Headers["X-Amzn-ErrorType"] = error.Type;
        return WriteJsonAsync(context, error.Status, json =>
        {
            json.WriteStartObject();
            json.WriteString("Type", error.Status >= 500 ? "Service" : "User");
            json.WriteString("message", error.Message);
            if (error.Reason is { } reason)
                json.WriteString("Reason", reason);
            json.WriteEndObject();
        });
    }
}
