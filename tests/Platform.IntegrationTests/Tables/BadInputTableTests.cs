using System.Net;
using System.Text;
using System.Text.Json;

namespace Platform.IntegrationTests.Tables;

/// <summary>Malformed and out-of-range requests over raw HTTP: each gets DynamoDB's error code and
/// message in its JSON shape with HTTP 400 — never a 500, a hang or a stored item.</summary>
[Collection(TablesPlatformCollection.Name)]
public sealed class BadInputTableTests(TablesPlatformFixture platform) : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly string _table = TablesPlatformFixture.NewTableName("bad");

    public async Task InitializeAsync()
    {
        var (status, _, body) = await PostAsync("CreateTable", $$"""
            {"TableName":"{{_table}}","BillingMode":"PAY_PER_REQUEST",
             "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],
             "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}
            """);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(HttpStatusCode Status, string Type, JsonElement Body)> PostAsync(string operation, string json,
        string target = "DynamoDB_20120810.")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, platform.Endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target + operation);
        request.Content = new StringContent(json, Encoding.UTF8);
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.0");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement.Clone();
        var type = body.TryGetProperty("__type", out var t) ? t.GetString()! : "";
        return (response.StatusCode, type, body);
    }

    private async Task AssertErrorAsync(string operation, string json, string code, string message)
    {
        var (status, type, body) = await PostAsync(operation, json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("com.amazonaws.dynamodb.v20120810#" + code, type);
        Assert.Equal(message, body.GetProperty("message").GetString());
    }

    private string Put(string item, string extra = "") => "{\"TableName\":\"" + _table + "\",\"Item\":" + item + extra + "}";

    [Fact]
    public async Task Expressions_are_checked_as_DynamoDB_checks_them()
    {
        var item = """{"pk":{"S":"a"},"sk":{"N":"1"}}""";
        await AssertErrorAsync("PutItem", Put(item, ""","ConditionExpression":"attribute_exists(pk) AND","ExpressionAttributeValues":{":v":{"S":"x"}}"""),
            "ValidationException", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(pk) AND\"");
        await AssertErrorAsync("PutItem", Put(item, ""","ConditionExpression":"name = :v","ExpressionAttributeValues":{":v":{"S":"x"}}"""),
            "ValidationException", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name");
        await AssertErrorAsync("PutItem", Put(item, ""","ConditionExpression":"a = :v","ExpressionAttributeValues":{":v":{"S":"x"},":w":{"S":"y"}}"""),
            "ValidationException", "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
        await AssertErrorAsync("PutItem", Put(item, ""","ConditionExpression":"a = :v","ExpressionAttributeValues":{}"""),
            "ValidationException", "ExpressionAttributeValues must not be empty");
        await AssertErrorAsync("UpdateItem", """{"TableName":"TABLE","Key":ITEM,"UpdateExpression":"SET a = :v SET b = :v","ExpressionAttributeValues":{":v":{"S":"x"}}}""".Replace("TABLE", _table, StringComparison.Ordinal).Replace("ITEM", item, StringComparison.Ordinal),
            "ValidationException", "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
        await AssertErrorAsync("UpdateItem", """{"TableName":"TABLE","Key":ITEM,"UpdateExpression":"SET pk = :v","ExpressionAttributeValues":{":v":{"S":"x"}}}""".Replace("TABLE", _table, StringComparison.Ordinal).Replace("ITEM", item, StringComparison.Ordinal),
            "ValidationException", "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
        await AssertErrorAsync("Query", """{"TableName":"TABLE","KeyConditionExpression":"pk = :v AND contains(sk, :v)","ExpressionAttributeValues":{":v":{"S":"x"}}}""".Replace("TABLE", _table, StringComparison.Ordinal).Replace("ITEM", item, StringComparison.Ordinal),
            "ValidationException", "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: contains");
        await AssertErrorAsync("Scan", """{"TableName":"TABLE","FilterExpression":"a BETWEEN :hi AND :lo","ExpressionAttributeValues":{":hi":{"N":"9"},":lo":{"N":"1"}}}""".Replace("TABLE", _table, StringComparison.Ordinal).Replace("ITEM", item, StringComparison.Ordinal),
            "ValidationException", "Invalid FilterExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:9,}, upper bound operand: AttributeValue: {N:1,}");
    }

    [Fact]
    public async Task Items_and_keys_are_checked()
    {
        await AssertErrorAsync("PutItem", Put("""{"pk":{"S":"a"}}"""), "ValidationException", "One or more parameter values were invalid: Missing the key sk in the item");
        await AssertErrorAsync("PutItem", Put("""{"pk":{"N":"1"},"sk":{"N":"1"}}"""), "ValidationException", "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
        await AssertErrorAsync("PutItem", Put("""{"pk":{"S":""},"sk":{"N":"1"}}"""), "ValidationException", "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
        await AssertErrorAsync("PutItem", Put("""{"pk":{"S":"a"},"sk":{"N":"1"},"x":{"S":"a","N":"1"}}"""), "ValidationException", "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        await AssertErrorAsync("PutItem", Put("""{"pk":{"S":"a"},"sk":{"N":"1"},"x":{"SS":[]}}"""), "ValidationException", "One or more parameter values were invalid: An string set  may not be empty");
        await AssertErrorAsync("PutItem", Put("""{"pk":{"S":"a"},"sk":{"N":"1"},"x":{"N":"1e400"}}"""), "ValidationException", "Number overflow. Attempting to store a number with magnitude larger than supported range");
        await AssertErrorAsync("PutItem", Put("""{"pk":{"S":"a"},"sk":{"N":"123456789012345678901234567890123456789"}}"""), "ValidationException", "Attempting to store more than 38 significant digits in a Number");
        await AssertErrorAsync("PutItem", Put("{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"big\":{\"S\":\"" + new string('x', 400 * 1024) + "\"}}"), "ValidationException", "Item size has exceeded the maximum allowed size");
        await AssertErrorAsync("PutItem", Put("{\"pk\":{\"S\":\"" + new string('k', 2049) + "\"},\"sk\":{\"N\":\"1\"}}"), "ValidationException", "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
        await AssertErrorAsync("GetItem", """{"TableName":"TABLE","Key":{"pk":{"S":"a"}}}""".Replace("TABLE", _table, StringComparison.Ordinal), "ValidationException", "The provided key element does not match the schema");
        await AssertErrorAsync("GetItem", """{"TableName":"nope-table","Key":{"pk":{"S":"a"}}}""", "ResourceNotFoundException", "Cannot do operations on a non-existent table");
        await AssertErrorAsync("DescribeTable", """{"TableName":"x"}""", "ValidationException", "1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
        var (_, _, scan) = await PostAsync("Scan", $$"""{"TableName":"{{_table}}","Select":"COUNT"}""");
        Assert.Equal(0, scan.GetProperty("Count").GetInt32());
    }

    [Fact]
    public async Task A_failed_condition_returns_the_item_when_asked()
    {
        var item = """{"pk":{"S":"rv"},"sk":{"N":"1"},"v":{"N":"7"}}""";
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("PutItem", Put(item))).Status);
        var (status, type, body) = await PostAsync("DeleteItem", "{\"TableName\":\"" + _table + "\",\"Key\":{\"pk\":{\"S\":\"rv\"},\"sk\":{\"N\":\"1\"}}," +
            "\"ConditionExpression\":\"v = :w\",\"ExpressionAttributeValues\":{\":w\":{\"N\":\"9\"}},\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", type);
        Assert.Equal("7", body.GetProperty("Item").GetProperty("v").GetProperty("N").GetString());
    }

    [Theory]
    [InlineData("PutItem", "not json")]
    [InlineData("PutItem", "[1,2]")]
    [InlineData("PutItem", """{"TableName":"bad-table","Item":[1]}""")]
    [InlineData("PutItem", """{"TableName":"bad-table","Item":{"pk":"plain"}}""")]
    [InlineData("Query", """{"TableName":7}""")]
    [InlineData("BatchWriteItem", """{"RequestItems":{"bad-table":[{"PutRequest":{"Item":{"pk":{"S":1}}}}]}}""")]
    [InlineData("TransactWriteItems", """{"TransactItems":[{}]}""")]
    [InlineData("GetRecords", """{"ShardIterator":"!!!"}""")]
    [InlineData("NoSuchOperation", "{}")]
    [InlineData("Scan", """{"TableName":"bad-table","ExpressionAttributeNames":{"#a":"x","#a":"y"},"FilterExpression":"#a = #a"}""")]
    [InlineData("CreateTable", """{"TableName":"bad-table","Tags":{"a":"b"}}""")]
    public async Task Malformed_bodies_are_400_never_500(string operation, string json)
    {
        var target = operation == "GetRecords" ? "DynamoDBStreams_20120810." : "DynamoDB_20120810.";
        var (status, type, body) = await PostAsync(operation, json, target);
        Assert.True(status == HttpStatusCode.BadRequest, $"{status} {body}");
        Assert.StartsWith("com.amazonaws.dynamodb.v20120810#", type, StringComparison.Ordinal);
    }
}
