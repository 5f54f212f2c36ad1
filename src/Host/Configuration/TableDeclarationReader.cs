using Platform.Emulators.Tables.Engine;
using YamlDotNet.RepresentationModel;

namespace Platform.Host.Configuration;

/// <summary>
/// Reads `tables:`. Keys are written <c>name:TYPE</c> (S, N or B), hash key first:
/// <code>
/// tables:
///   - name: orders
///     key: [pk:S, sk:S]
///     stream: NEW_AND_OLD_IMAGES          # or KEYS_ONLY, NEW_IMAGE, OLD_IMAGE
///     ttl: expiresAt
///     indexes:                            # global secondary indexes
///       - { name: byStatus, key: [status:S, createdAt:N], projection: ALL }   # ALL, KEYS_ONLY or [attr, …]
///     localIndexes:
///       - { name: byTotal, key: [pk:S, total:N] }
/// </code>
/// Tables are PAY_PER_REQUEST.
/// </summary>
internal static class TableDeclarationReader
{
    public static List<TableDeclaration> Read(YamlNodeReader yaml, YamlNode node)
    {
        var tables = new List<TableDeclaration>();
        foreach (var (item, i) in yaml.Sequence(node, "tables").Children.Select((n, i) => (n, i)))
        {
            var path = $"tables[{i}]";
            var entries = yaml.Entries(yaml.Mapping(item, path), path, "name", "key", "stream", "ttl", "indexes", "localIndexes");
            var name = yaml.RequiredString(entries, item, "name", path);
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            var (hash, range) = Key(yaml, entries, item, path, attributes);
            var indexes = new List<IndexDefinition>();
            foreach (var (kind, global) in new[] { ("indexes", true), ("localIndexes", false) })
            {
                if (!entries.TryGetValue(kind, out var list))
                    continue;
                foreach (var (indexNode, j) in yaml.Sequence(list, $"{path}.{kind}").Children.Select((n, j) => (n, j)))
                {
                    var indexPath = $"{path}.{kind}[{j}]";
                    var index = yaml.Entries(yaml.Mapping(indexNode, indexPath), indexPath, "name", "key", "projection");
                    var (indexHash, indexRange) = Key(yaml, index, indexNode, indexPath, attributes);
                    if (!global && (indexHash != hash || indexRange is null))
                        throw yaml.Error(indexNode, $"{indexPath}.key must be [{hash}:{attributes[hash]}, <sort key>:<type>]: a local index shares the table's hash key.");
                    var (projection, nonKey) = Projection(yaml, index, indexPath);
                    indexes.Add(new IndexDefinition
                    {
                        Name = yaml.RequiredString(index, indexNode, "name", indexPath), Global = global, HashKey = indexHash, RangeKey = indexRange,
                        ProjectionType = projection, NonKeyAttributes = nonKey,
                    });
                }
            }

            var stream = yaml.OptionalString(entries, "stream", path);
            if (stream is not (null or "KEYS_ONLY" or "NEW_IMAGE" or "OLD_IMAGE" or "NEW_AND_OLD_IMAGES"))
                throw yaml.Error(entries["stream"], $"{path}.stream '{stream}' is not a stream view type; use KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES.");
            var definition = new TableDefinition
            {
                Name = name,
                AttributeDefinitions = attributes.Select(a => new AttributeDefinition(a.Key, a.Value)).ToList(),
                HashKey = hash,
                RangeKey = range,
                Indexes = indexes,
                BillingMode = "PAY_PER_REQUEST",
                StreamEnabled = stream is not null,
                StreamViewType = stream,
            };
            tables.Add(new TableDeclaration(definition, yaml.OptionalString(entries, "ttl", path), (int)item.Start.Line));
        }

        return tables;
    }

    private static (string Hash, string? Range) Key(YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, YamlNode parent,
        string path, Dictionary<string, string> attributes)
    {
        if (!entries.TryGetValue("key", out var node))
            throw yaml.Error(parent, $"{path}.key is required, e.g. key: [pk:S, sk:N].");
        var parts = yaml.StringList(node, path + ".key");
        if (parts.Count is 0 or > 2)
            throw yaml.Error(node, $"{path}.key lists the hash key and optionally the sort key, e.g. [pk:S, sk:N].");
        var names = new List<string>();
        foreach (var part in parts)
        {
            var colon = part.LastIndexOf(':');
            var (name, type) = colon > 0 ? (part[..colon], part[(colon + 1)..]) : (part, "");
            if (type is not ("S" or "N" or "B"))
                throw yaml.Error(node, $"{path}.key '{part}' must be name:TYPE with TYPE S, N or B.");
            if (attributes.TryGetValue(name, out var known) && known != type)
                throw yaml.Error(node, $"{path}.key '{part}': {name} is declared as {known} elsewhere in this table.");
            attributes[name] = type;
            names.Add(name);
        }

        return (names[0], names.Count == 2 ? names[1] : null);
    }

    private static (string Type, IReadOnlyList<string> NonKey) Projection(YamlNodeReader yaml, IReadOnlyDictionary<string, YamlNode> entries, string path)
    {
        if (!entries.TryGetValue("projection", out var node))
            return ("ALL", []);
        if (node is YamlSequenceNode)
            return ("INCLUDE", yaml.StringList(node, path + ".projection"));
        var value = yaml.Scalar(node, path + ".projection");
        return value is "ALL" or "KEYS_ONLY"
            ? (value, [])
            : throw yaml.Error(node, $"{path}.projection '{value}' must be ALL, KEYS_ONLY or a list of attributes to include.");
    }
}
