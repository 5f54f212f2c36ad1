namespace Platform.Emulators.Storage.Api;

/// <summary>The query string as S3 reads it: names are case-sensitive, '+' is a space, a name may
/// come without a value (<c>?uploads</c>).
/// Malformed escapes are InvalidURI, as in the path.</summary>
public sealed class S3Query
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public static S3Query Parse(string query)
    {
        var result = new S3Query();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = Decode(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? "" : Decode(part[(equals + 1)..]);
            result._pairs.Add(new(name, value));
        }

        return result;
    }

    public bool Has(string name) => _pairs.Any(p => p.Key == name);

    public string? Get(string name)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Key == name)
                return pair.Value;
        }

        return null;
    }

    public IEnumerable<string> Names => _pairs.Select(p => p.Key);

    private static string Decode(string value) => S3UriDecoder.Decode(value.Replace('+', ' '));
}
