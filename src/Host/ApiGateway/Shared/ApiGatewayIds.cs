using System.Security.Cryptography;
using System.Text;

namespace Platform.Host.ApiGateway;

/// <summary>API Gateway's ids: lower-case letters and digits, random or derived from a name.</summary>
internal static class ApiGatewayIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    public static string Derived(string name, int length) =>
        string.Concat(SHA256.HashData(Encoding.UTF8.GetBytes(name)).Take(length).Select(b => Alphabet[b % Alphabet.Length]));
}
