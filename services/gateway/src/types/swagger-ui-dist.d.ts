declare module 'swagger-ui-dist/absolute-path.js' {
  /** The folder holding Swagger UI's static files. */
  function getAbsoluteFSPath(): string;
  export = getAbsoluteFSPath;
}
