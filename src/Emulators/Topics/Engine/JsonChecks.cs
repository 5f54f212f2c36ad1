using System.Text.Json;

namespace Platform.Emulators.Topics.Engine;

internal static class JsonChecks
{
    public static bool IsObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
