import pytest

from linkwork.core.data_files import DataFileError, read_data_file


def test_a_data_file_names_its_source(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("source: NHS England, 2023\nterms: []\n")
    assert read_data_file(good) == {"source": "NHS England, 2023", "terms": []}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("terms: []\n", "source is required"),
        ("source: '  '\n", "source is required"),
        ("source: [a, b]\n", "source is required"),
        ("- a\n- b\n", "must be a mapping"),
        ("source: [unclosed\n", "cannot be read as YAML"),
    ],
)
def test_a_file_without_a_source_or_not_a_mapping_is_refused_naming_the_file(tmp_path, text, problem):
    path = tmp_path / "facts.yaml"
    path.write_text(text)
    with pytest.raises(DataFileError, match=problem) as refused:
        read_data_file(path)
    assert str(path) in str(refused.value)


def test_a_missing_file_is_refused_naming_it(tmp_path):
    with pytest.raises(DataFileError, match=r"missing\.yaml: cannot be read"):
        read_data_file(tmp_path / "missing.yaml")
