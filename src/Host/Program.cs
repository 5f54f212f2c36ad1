return Platform.Host.Cli.PlatformCommand.Run(args);
