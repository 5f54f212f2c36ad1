using System.Globalization;
using System.Numerics;
using System.Text;

namespace Platform.Emulators.Tables.Engine;

/// <summary>DynamoDB's Number: up to 38 significant decimal digits, magnitude between 1E-130 and
/// 9.99…E+125 — exact, not a double. Held as <c>Mantissa × 10^Exponent</c> with no trailing zeros in
/// the mantissa, so equal numbers have equal representations ("1.50" and "15E-1" are one value).</summary>
public readonly record struct DynamoNumber(BigInteger Mantissa, int Exponent) : IComparable<DynamoNumber>
{
    public const int MaxDigits = 38;

    public static DynamoNumber Zero { get; } = new(BigInteger.Zero, 0);

    /// <summary>Parses a Number as DynamoDB accepts it; the failure text is DynamoDB's message.</summary>
    public static bool TryParse(string text, out DynamoNumber value, out string? error)
    {
        value = Zero;
        error = null;
        var s = text.Trim();
        if (s.Length == 0 || !Grammar(s, out var negative, out var digits, out var pointShift, out var exponent))
        {
            error = "A value provided cannot be converted into a number";
            return false;
        }

        var trimmed = digits.TrimStart('0');
        if (trimmed.Length == 0)
            return true;
        var zeros = trimmed.Length - trimmed.TrimEnd('0').Length;
        trimmed = trimmed.TrimEnd('0');
        if (trimmed.Length > MaxDigits)
        {
            error = "Attempting to store more than 38 significant digits in a Number";
            return false;
        }

        var exp = exponent - pointShift + zeros;
        // The magnitude's order: the position of the leading digit.
        var order = exp + trimmed.Length - 1;
        if (order > 125)
        {
            error = "Number overflow. Attempting to store a number with magnitude larger than supported range";
            return false;
        }

        if (order < -130)
        {
            error = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
            return false;
        }

        var mantissa = BigInteger.Parse(trimmed, CultureInfo.InvariantCulture);
        value = new DynamoNumber(negative ? -mantissa : mantissa, exp);
        return true;
    }

    private static bool Grammar(string s, out bool negative, out string digits, out int pointShift, out int exponent)
    {
        negative = false;
        digits = "";
        pointShift = 0;
        exponent = 0;
        var i = 0;
        if (s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        var builder = new StringBuilder();
        var seenPoint = false;
        var seenDigit = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                builder.Append(c);
                seenDigit = true;
                if (seenPoint)
                    pointShift++;
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }

        if (!seenDigit)
            return false;
        if (i < s.Length)
        {
            if (s[i] is not ('e' or 'E') || i + 1 >= s.Length)
                return false;
            if (!int.TryParse(s.AsSpan(i + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) ||
                Math.Abs(exponent) > 10_000)
                return false;
        }

        digits = builder.ToString();
        return true;
    }

    public bool IsZero => Mantissa.IsZero;

    public int Sign => Mantissa.Sign;

    public static DynamoNumber Normalize(BigInteger mantissa, int exponent)
    {
        if (mantissa.IsZero)
            return Zero;
        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
            exponent++;
        }

        return new DynamoNumber(mantissa, exponent);
    }

    /// <summary>Addition as UpdateExpression's <c>+</c> and ADD do it; the result obeys the same
    /// 38-digit and range limits (DynamoDB refuses, never rounds).</summary>
    public static bool TryAdd(DynamoNumber a, DynamoNumber b, out DynamoNumber sum, out string? error)
    {
        var exp = Math.Min(a.Exponent, b.Exponent);
        var m = a.Mantissa * BigInteger.Pow(10, a.Exponent - exp) + b.Mantissa * BigInteger.Pow(10, b.Exponent - exp);
        sum = Normalize(m, exp);
        error = null;
        if (sum.IsZero)
            return true;
        var digits = BigInteger.Abs(sum.Mantissa).ToString(CultureInfo.InvariantCulture).Length;
        if (digits > MaxDigits)
            error = "Attempting to store more than 38 significant digits in a Number";
        else if (sum.Exponent + digits - 1 > 125)
            error = "Number overflow. Attempting to store a number with magnitude larger than supported range";
        else if (sum.Exponent + digits - 1 < -130)
            error = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
        return error is null;
    }

    public DynamoNumber Negate() => new(-Mantissa, Exponent);

    public int CompareTo(DynamoNumber other)
    {
        if (Sign != other.Sign)
            return Sign.CompareTo(other.Sign);
        var exp = Math.Min(Exponent, other.Exponent);
        var a = Mantissa * BigInteger.Pow(10, Exponent - exp);
        var b = other.Mantissa * BigInteger.Pow(10, other.Exponent - exp);
        return a.CompareTo(b);
    }

    /// <summary>Plain decimal notation, as DynamoDB returns numbers (no exponent, no trailing zeros).</summary>
    public override string ToString()
    {
        if (Mantissa.IsZero)
            return "0";
        var digits = BigInteger.Abs(Mantissa).ToString(CultureInfo.InvariantCulture);
        var sign = Mantissa.Sign < 0 ? "-" : "";
        if (Exponent >= 0)
            return sign + digits + new string('0', Exponent);
        var point = digits.Length + Exponent;
        return point > 0
            ? sign + digits[..point] + "." + digits[point..]
            : sign + "0." + new string('0', -point) + digits;
    }

    /// <summary>Bytes whose unsigned lexicographic order is the numbers' order (sort keys in SQLite):
    /// a sign class, then the leading digit's order, then the digits (inverted for negatives, with a
    /// terminator that puts a shorter negative above a longer one).</summary>
    public byte[] SortableBytes()
    {
        if (Mantissa.IsZero)
            return [0x01];
        var digits = BigInteger.Abs(Mantissa).ToString(CultureInfo.InvariantCulture);
        var order = Exponent + digits.Length + 512;
        var bytes = new byte[3 + digits.Length + (Mantissa.Sign < 0 ? 1 : 0)];
        if (Mantissa.Sign > 0)
        {
            bytes[0] = 0x02;
            bytes[1] = (byte)(order >> 8);
            bytes[2] = (byte)order;
            for (var i = 0; i < digits.Length; i++)
                bytes[3 + i] = (byte)(digits[i] - '0' + 1);
        }
        else
        {
            var inverted = 0xFFFF - order;
            bytes[0] = 0x00;
            bytes[1] = (byte)(inverted >> 8);
            bytes[2] = (byte)inverted;
            for (var i = 0; i < digits.Length; i++)
                bytes[3 + i] = (byte)('9' - digits[i] + 1);
            bytes[^1] = 0xFF;
        }

        return bytes;
    }

    /// <summary>DynamoDB's size of a number: about one byte per two significant digits, plus one.</summary>
    public int SizeBytes()
    {
        if (Mantissa.IsZero)
            return 1;
        var digits = BigInteger.Abs(Mantissa).ToString(CultureInfo.InvariantCulture).Length;
        return (digits + 1) / 2 + 1;
    }
}
