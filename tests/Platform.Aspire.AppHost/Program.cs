using System.Reflection;

// The AppHost a user writes, in small: the platform from platform.yaml beside this file, and a client
// process that only knows the AWS_* variables WithReference gives it.
var builder = DistributedApplication.CreateBuilder(args);

var aws = builder.AddPlatform("aws")
    .WithPlatformPath(typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PlatformHostPath").Value!)
    .WithConfig("platform.yaml");

// Sends one message to the declared `orders` queue at $AWS_ENDPOINT_URL once the platform is healthy.
builder.AddExecutable("client", "python3", builder.AppHostDirectory, "client.py")
    .WithReference(aws)
    .WaitFor(aws);

builder.Build().Run();

public partial class Program;
