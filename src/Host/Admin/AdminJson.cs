using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Host.Admin;

/// <summary>How every /_platform answer is written: a status and a body from a <see cref="Utf8JsonWriter"/>
/// (no reflection-based serialization, so the first request after start costs no extra work), errors as
/// <c>{"error": "…"}</c>.</summary>
internal static class AdminJson
{
    public static Task Problem(HttpContext context, int status, string message) => WriteAsync(context, status, json =>
    {
        json.WriteStartObject();
        json.WriteString("error", message);
        json.WriteEndObject();
    });

    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        write(json);
        await json.FlushAsync(context.RequestAborted);
    }

    public static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }

    public static void WriteOptional(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
            json.WriteString(name, time);
        else
            json.WriteNull(name);
    }

    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }

    public static int Number(Microsoft.Extensions.Primitives.StringValues value, int fallback) =>
        int.TryParse(value.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : fallback;

    public static long? Id(Microsoft.Extensions.Primitives.StringValues value) =>
        long.TryParse(value.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;
}
