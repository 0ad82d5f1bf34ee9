/** Where the built console is: the directory the gateway serves at /console. */
export declare const consoleDirectory: string;
