using Platform.Emulators.Tables.Engine;

namespace Platform.Tests.Tables;

public sealed class DynamoNumberTests
{
    [Theory]
    [InlineData("1.50", "1.5")]
    [InlineData("15E-1", "1.5")]
    [InlineData("-0.000", "0")]
    [InlineData("1e3", "1000")]
    [InlineData("12345678901234567890123456789012345678", "12345678901234567890123456789012345678")]
    [InlineData("0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001")]
    [InlineData("+7", "7")]
    public void Parses_and_normalizes_exactly(string text, string expected)
    {
        Assert.True(DynamoNumber.TryParse(text, out var value, out var error), error);
        Assert.Equal(expected, value.ToString());
    }

    [Theory]
    [InlineData("123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number")]
    [InlineData("1E126", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    [InlineData("1E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range")]
    [InlineData("abc", "A value provided cannot be converted into a number")]
    [InlineData("1.2.3", "A value provided cannot be converted into a number")]
    public void Refuses_what_DynamoDB_refuses(string text, string message)
    {
        Assert.False(DynamoNumber.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Sortable_bytes_order_is_numeric_order()
    {
        string[] ordered = ["-1000", "-10.5", "-10", "-9.99", "-1", "-0.5", "-0.05", "0", "0.001", "0.5", "1", "1.01", "9", "10", "99.9", "100", "1E20"];
        var numbers = ordered.Select(t => { DynamoNumber.TryParse(t, out var n, out _); return n; }).ToList();
        for (var i = 0; i < numbers.Count - 1; i++)
        {
            Assert.True(numbers[i].CompareTo(numbers[i + 1]) < 0, $"{ordered[i]} < {ordered[i + 1]}");
            Assert.True(numbers[i].SortableBytes().AsSpan().SequenceCompareTo(numbers[i + 1].SortableBytes()) < 0,
                $"bytes of {ordered[i]} < bytes of {ordered[i + 1]}");
        }
    }

    [Fact]
    public void Addition_is_exact_beyond_double_precision()
    {
        DynamoNumber.TryParse("0.1", out var a, out _);
        DynamoNumber.TryParse("0.2", out var b, out _);
        Assert.True(DynamoNumber.TryAdd(a, b, out var sum, out _));
        Assert.Equal("0.3", sum.ToString());
        DynamoNumber.TryParse("99999999999999999999999999999999999999", out var big, out _);
        DynamoNumber.TryParse("0.1", out var one, out _);
        Assert.False(DynamoNumber.TryAdd(big, one, out _, out var error));
        Assert.Equal("Attempting to store more than 38 significant digits in a Number", error);
    }
}
