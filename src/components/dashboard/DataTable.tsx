import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';

export interface Column<Row> {
  title: string;
  cell: (row: Row) => string;
  /** Numbers line up on the right. */
  numeric?: boolean;
}

interface Props<Row> {
  /** What the table is, said to screen readers (按月统计 …). */
  caption: string;
  columns: Array<Column<Row>>;
  rows: Row[];
  rowKey: (row: Row) => string;
  /** 下载表格; absent when there is nothing to download. */
  onDownload?: () => void;
  downloading?: boolean;
  emptyText?: string;
  /** Show this many rows first, with 显示全部 for the rest (the district has over a hundred branches). */
  limit?: number;
}

/**
 * The numbers of a chart as a table (what elders and screen readers read), with 下载表格 under it. It never scrolls
 * sideways: long cells wrap.
 */
export function DataTable<Row>({ caption, columns, rows: all, rowKey, onDownload, downloading, emptyText, limit }: Props<Row>) {
  const [whole, setWhole] = useState(false);
  const rows = limit && !whole ? all.slice(0, limit) : all;
  return (
    <View className='dash-table'>
      {rows.length === 0 ? (
        <Text className='dash-table__empty'>{emptyText ?? '这段时间还没有数据'}</Text>
      ) : (
        <View className='dash-table__wrap'>
          <View className='dash-table__grid' role='table' aria-label={caption}>
            <View className='dash-table__row dash-table__row--head' role='row'>
              {columns.map((c) => (
                <View key={c.title} className={`dash-table__cell ${c.numeric ? 'dash-table__cell--num' : ''}`} role='columnheader'>
                  <Text>{c.title}</Text>
                </View>
              ))}
            </View>
            {rows.map((row) => (
              <View key={rowKey(row)} className='dash-table__row' role='row'>
                {columns.map((c) => (
                  <View key={c.title} className={`dash-table__cell ${c.numeric ? 'dash-table__cell--num' : ''}`} role='cell'>
                    <Text>{c.cell(row)}</Text>
                  </View>
                ))}
              </View>
            ))}
          </View>
        </View>
      )}
      {rows.length < all.length ? (
        <Button className='btn-secondary dash-table__more' onClick={() => setWhole(true)}>
          显示全部{all.length}行
        </Button>
      ) : null}
      {onDownload && rows.length > 0 ? (
        <Button className={`btn-secondary dash-table__download ${downloading ? 'is-disabled' : ''}`} aria-label={`下载表格：${caption}`} onClick={onDownload}>
          {downloading ? '正在准备表格…' : '下载表格'}
        </Button>
      ) : null}
    </View>
  );
}
