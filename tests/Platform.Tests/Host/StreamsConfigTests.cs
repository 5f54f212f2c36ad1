using Platform.Host.Configuration;

namespace Platform.Tests.Host;

public sealed class StreamsConfigTests
{
    private static PlatformConfig Parse(string yaml) => ConfigLoader.Parse(new StringReader(yaml), "/cfg/platform.yaml");

    [Fact]
    public void Reads_streams_by_name_or_with_a_shard_count()
    {
        var config = Parse("""
            streams:
              - orders
              - name: clicks
                shardCount: 4
            """);

        Assert.Equal([("orders", 1), ("clicks", 4)], config.Streams.Select(s => (s.Name, s.ShardCount)));
        Assert.Equal(2, config.Streams[0].Line);
        Assert.Equal(3, config.Streams[1].Line);
    }

    [Theory]
    [InlineData("streams:\n  - name: clicks\n    shardCount: 0\n", "shardCount")]
    [InlineData("streams:\n  - name: clicks\n    shards: 2\n", "shards")]
    [InlineData("streams:\n  - shardCount: 2\n", "name")]
    public void A_bad_stream_declaration_names_its_line_and_key(string yaml, string key)
    {
        var error = Assert.Throws<ConfigException>(() => Parse(yaml));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }
}
