"""Clean a JSONL dataset with PySpark's mapInPandas, one scrubber per
Python worker.

    pip install chaff-scrubber pyspark pandas pyarrow
    python spark_map_in_pandas.py 'shards/*.jsonl' out/

The BatchCleaner is made on the driver (so a broken rule file fails
there), pickled to the executors as its settings, and each Python worker
process builds one scrubber on first use and keeps it for every later
batch and task (`chaff_scrubber.shared`). A forked worker (PySpark forks
its Python workers from a daemon) builds its own engine; nothing from the
parent's is reused.
"""

import argparse

from pyspark.sql import SparkSession

from chaff_scrubber.batch import BatchCleaner


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    args = ap.parse_args()

    spark = SparkSession.builder.appName("chaff").getOrCreate()
    df = spark.read.json(args.input)
    cleaner = BatchCleaner(
        removals_column="chaff_removals",
        # profile="page", url_column="url", rules=open("rules.toml").read(), ...
    )
    schema = df.schema.simpleString()[len("struct<") : -1]
    out_schema = f"{schema},chaff_removals array<struct<rule:string,category:string,start:bigint,end:bigint>>"
    df.mapInPandas(cleaner.map_partitions, schema=out_schema).write.mode("overwrite").json(args.output)


if __name__ == "__main__":
    main()
