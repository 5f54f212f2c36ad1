using System.Text;

namespace Platform.Runtime.Invocation;

/// <summary>
/// What one invocation wrote (a process's stdout/stderr, or an in-process function's logger),
/// kept for the invocation log. Only the last <see cref="Capacity"/> characters are kept, as
/// Lambda's LogResult keeps the tail: the end of a log is where a failure explains itself.
/// </summary>
internal sealed class InvocationOutput
{
    public const int Capacity = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private bool _truncated;

    public void Append(ReadOnlySpan<char> text)
    {
        lock (_gate)
        {
            _text.Append(text);
            if (_text.Length > Capacity * 2)
                Trim();
        }
    }

    public void AppendLine(string line)
    {
        lock (_gate)
        {
            _text.Append(line).Append('\n');
            if (_text.Length > Capacity * 2)
                Trim();
        }
    }

    /// <summary>The text, or null when nothing was written.</summary>
    public string? Text
    {
        get
        {
            lock (_gate)
            {
                if (_text.Length > Capacity)
                    Trim();
                if (_text.Length == 0)
                    return null;
                return _truncated ? "…" + _text : _text.ToString();
            }
        }
    }

    private void Trim()
    {
        _text.Remove(0, _text.Length - Capacity);
        _truncated = true;
    }
}
