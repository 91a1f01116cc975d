"""Clean a JSONL dataset with PySpark's mapInPandas, one scrubber per
Python worker.

    pip install chaff-scrubber pyspark pandas pyarrow
    PYSPARK_PYTHON=$(which python) python spark_map_in_pandas.py 'shards/*.jsonl' out/

(The workers' Python needs chaff_scrubber too: PYSPARK_PYTHON, or the
package installed on every executor.)

The BatchCleaner is made on the driver (so a broken rule file fails
there), pickled to the executors as its settings, and each Python worker
process builds one scrubber on first use and keeps it for every later
batch and task (`chaff_scrubber.shared`). A forked worker (PySpark forks
its Python workers from a daemon) builds its own engine; nothing from the
parent's is reused.
"""

import argparse
import time

from pyspark.sql import SparkSession
from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

from chaff_scrubber.batch import BatchCleaner


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    args = ap.parse_args()

    spark = SparkSession.builder.appName("chaff").getOrCreate()
    started = time.perf_counter()
    df = spark.read.json(args.input)
    cleaner = BatchCleaner(
        removals_column="chaff_removals",
        # profile="page", url_column="url", rules=open("rules.toml").read(), ...
    )
    removal = StructType(
        [StructField(name, StringType()) for name in ("rule", "category")]
        + [StructField(name, LongType()) for name in ("start", "end")]
    )
    schema = StructType(df.schema.fields + [StructField("chaff_removals", ArrayType(removal))])
    df.mapInPandas(cleaner.map_partitions, schema=schema).write.mode("overwrite").json(args.output)
    print(f"cleaned in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
