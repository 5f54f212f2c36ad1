using System.Text;

namespace Platform.Emulators.Topics.Engine;

/// <summary>List pages continue after the last ARN of the previous page, carried opaquely.</summary>
internal static class PageToken
{
    public static string Encode(string lastArn) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastArn));

    public static string? Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
