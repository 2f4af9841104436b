// Java detection and the JVM flags Flink's own scripts pass on Java 17
// (the `env.java.opts.all` default of Flink's shipped config.yaml).
import { run } from './resolve.mjs';
import { StackError } from './errors.mjs';

export const FLINK_JAVA17_OPTS = [
  '--add-exports=java.base/sun.net.util=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=java.base/java.text=ALL-UNNAMED',
  '--add-opens=java.base/java.time=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED',
];

/** Throws a StackError unless `java` is on PATH and is version 17 or newer. */
export async function assertJava17() {
  const { code, output } = await run('java', ['-version']);
  if (code !== 0) {
    throw new StackError('Java was not found: the local Kafka and Flink run on a JVM.', 'Install a Java 17 JDK/JRE (e.g. `apt-get install openjdk-17-jre-headless`) and put `java` on PATH.');
  }
  const m = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
  if (!(major >= 17)) {
    throw new StackError(`Java ${m ? m[1] : '(unknown version)'} found; Kafka 4 and Flink 2 need Java 17 or newer.`, 'Install Java 17 and put it first on PATH.');
  }
  return major;
}
