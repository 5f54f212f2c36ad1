using Platform.IntegrationTests.Support;

namespace Platform.IntegrationTests.Distributed;

/// <summary>One real RabbitMQ node for every distributed test (a broker start costs seconds); each
/// test works in its own virtual host.</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqServer>
{
    public const string Name = "RabbitMQ";
}
