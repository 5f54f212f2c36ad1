using Platform.Emulators.State;
using Platform.Emulators.Tables.Engine;
using Platform.Tests.Support;

namespace Platform.Tests.Tables;

/// <summary>A table engine on a real database in a throw-away directory, with a manual clock.</summary>
internal sealed class TableTestContext : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private TableTestContext(DataDirectory directory, ManualTimeProvider time, bool ownsDirectory)
    {
        Directory = directory;
        Time = time;
        _ownsDirectory = ownsDirectory;
        Database = new PlatformDatabase(directory);
        Engine = new TableEngine(Database, time, new TableEngineOptions());
    }

    public DataDirectory Directory { get; }
    public ManualTimeProvider Time { get; }
    public PlatformDatabase Database { get; }
    public TableEngine Engine { get; }

    public static TableTestContext Create() => new(DataDirectory.CreateEphemeral(), new ManualTimeProvider(), ownsDirectory: true);

    public static TableTestContext Open(string path, ManualTimeProvider time) => new(DataDirectory.Open(path), time, ownsDirectory: false);

    public Task<TableState> CreateAsync(string name, string? viewType = "NEW_AND_OLD_IMAGES", bool range = true) =>
        Engine.CreateTableAsync(new TableDefinition
        {
            Name = name,
            AttributeDefinitions = range
                ? [new AttributeDefinition("pk", "S"), new AttributeDefinition("sk", "N")]
                : [new AttributeDefinition("pk", "S")],
            HashKey = "pk",
            RangeKey = range ? "sk" : null,
            BillingMode = "PAY_PER_REQUEST",
            StreamEnabled = viewType is not null,
            StreamViewType = viewType,
        });

    public static Dictionary<string, AttributeValue> Item(params (string Name, object Value)[] attributes) =>
        attributes.ToDictionary(a => a.Name, a => a.Value switch
        {
            string s => AttributeValue.String(s),
            int i => AttributeValue.Number(AttributeJson.Number(i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            long l => AttributeValue.Number(AttributeJson.Number(l.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            AttributeValue v => v,
            _ => throw new ArgumentException("unsupported test value"),
        }, StringComparer.Ordinal);

    public IReadOnlyList<TableStreamRecord> Records(string table)
    {
        var stream = Engine.DescribeTable(table).Table.Stream!;
        return Engine.Read(stream.Arn, stream.ShardId, null, 10_000).Records;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_ownsDirectory)
            Directory.Dispose();
    }
}
