namespace Platform.Emulators.Tables.Engine;

/// <summary>One PutRequest (Item) or DeleteRequest (Key) of a BatchWriteItem.</summary>
public sealed record BatchWrite(string TableName, IReadOnlyDictionary<string, AttributeValue>? Item, IReadOnlyDictionary<string, AttributeValue>? Key);
