// The core's notices (src/shared/notices.ts), by code: "storage.writeFailed" is notices.storage.writeFailed.
// Every code the core posts has an entry here in all four languages.
import { defineMessages } from './define';

export default defineMessages({
  en: {
    fallback: 'Vigil reported a problem ({code}).',
    account: {
      ordersSkipped: '{exchange}: {count} open order(s) in {market} could not be read and are not shown.',
      balancesSkipped: '{exchange}: {count} balance(s) could not be read and are not shown ({assets}).',
      keyRejected: '{exchange} rejected the API key: balances and orders are not available; market data continues. Enter the key again in Settings.',
    },
    subscription: {
      refused: '{exchange} refused the {channel} subscription of {market} ({reason}); the other markets stay live and Vigil tries again later.',
    },
  },
  'zh-CN': {
    fallback: 'Vigil 报告了一个问题（{code}）。',
    account: {
      ordersSkipped: '{exchange}：{market} 中有 {count} 个挂单无法读取，未显示。',
      balancesSkipped: '{exchange}：有 {count} 项余额无法读取，未显示（{assets}）。',
      keyRejected: '{exchange} 拒绝了 API 密钥：余额和订单不可用，行情继续。请在设置中重新输入密钥。',
    },
    subscription: {
      refused: '{exchange} 拒绝了 {market} 的 {channel} 订阅（{reason}）；其他市场保持实时，Vigil 稍后会重试。',
    },
  },
  'zh-TW': {
    fallback: 'Vigil 回報了一個問題（{code}）。',
    account: {
      ordersSkipped: '{exchange}：{market} 中有 {count} 筆掛單無法讀取，未顯示。',
      balancesSkipped: '{exchange}：有 {count} 筆餘額無法讀取，未顯示（{assets}）。',
      keyRejected: '{exchange} 拒絕了 API 金鑰：餘額和訂單無法使用，行情繼續。請在設定中重新輸入金鑰。',
    },
    subscription: {
      refused: '{exchange} 拒絕了 {market} 的 {channel} 訂閱（{reason}）；其他市場保持即時，Vigil 稍後會重試。',
    },
  },
  th: {
    fallback: 'Vigil รายงานปัญหา ({code})',
    account: {
      ordersSkipped: '{exchange}: คำสั่งที่เปิดอยู่ {count} รายการใน {market} อ่านไม่ได้และไม่ได้แสดง',
      balancesSkipped: '{exchange}: ยอดคงเหลือ {count} รายการอ่านไม่ได้และไม่ได้แสดง ({assets})',
      keyRejected: '{exchange} ปฏิเสธ API key: ยอดคงเหลือและคำสั่งใช้ไม่ได้ ข้อมูลตลาดยังทำงานต่อ โปรดป้อนคีย์ใหม่ในการตั้งค่า',
    },
    subscription: {
      refused: '{exchange} ปฏิเสธการสมัครรับ {channel} ของ {market} ({reason}) ตลาดอื่นยังคงเรียลไทม์ และ Vigil จะลองใหม่ภายหลัง',
    },
  },
});
