namespace Platform.IntegrationTests.Support;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public ProcessResult EnsureSuccess()
    {
        if (ExitCode != 0)
            throw new InvalidOperationException($"exit code {ExitCode}\nstdout: {StandardOutput}\nstderr: {StandardError}");
        return this;
    }
}
