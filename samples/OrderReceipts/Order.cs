namespace OrderReceipts;

/// <summary>An order message's body: <c>{"orderId":"o-1","amount":12.5}</c>.</summary>
public sealed record Order(string? OrderId, decimal Amount);
